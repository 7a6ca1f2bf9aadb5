import { LitElement, html, css, PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import {
  Scale, categoryColour, colour, decodeFloats, formatValue, gradientCss, normalise, range, Range, reduceChannels,
} from './colormaps';

/**
 * <cl-heatmap>: one 2-D map of raw floats drawn on a canvas, over the input image with an opacity
 * slider, with a colour legend and the value under the cursor. Modes: a continuous scale (diverging
 * for signed maps, viridis otherwise) or categories with labels (e.g. the most probable class).
 */
@customElement('cl-heatmap')
export class ClHeatmap extends LitElement {
  /** base64 of little-endian float32, row-major [rows, cols]. */
  @property({ type: String }) values = '';
  @property({ type: Number }) rows = 0;
  @property({ type: Number }) cols = 0;
  @property({ type: String }) scale: Scale = 'diverging';
  @property({ type: Boolean }) categorical = false;
  @property({ type: Array }) labels: string[] = [];
  /** Image under the map (data URL); stretched to the map's extent. */
  @property({ type: String }) image = '';
  @property({ type: Number }) opacity = 0.6;
  @property({ type: Number }) size = 336;
  @property({ type: String }) caption = '';
  /** When set, the colour range is [-shared, shared] (diverging) or [0, shared]: several maps on one scale. */
  @property({ type: Number }) shared = 0;
  /** Planes in `values` ([channels, rows, cols]); several are reduced to one for display. */
  @property({ type: Number }) channels = 1;
  /** How channels are combined: their sum (signed) or, as Simonyan et al. do, the maximum |value|. */
  @property({ type: String }) reduce: 'sum' | 'max-abs' = 'sum';

  @state() private hover = '';
  @query('canvas') private canvas!: HTMLCanvasElement;

  private data = new Float32Array(0);
  private picture?: HTMLImageElement;
  private valueRange: Range = { min: 0, max: 0 };

  static styles = css`
    :host { display: inline-block; font: 13px system-ui, sans-serif; color: #222; }
    figure { margin: 0; }
    canvas { display: block; image-rendering: pixelated; border: 1px solid #ccc; cursor: crosshair; }
    figcaption { font-weight: 600; margin-bottom: 4px; }
    .legend { margin-top: 6px; }
    .bar { height: 12px; border: 1px solid #bbb; }
    .ends { display: flex; justify-content: space-between; font-size: 12px; color: #555; }
    .swatches { display: flex; flex-wrap: wrap; gap: 4px 10px; max-width: var(--cl-width); }
    .swatch { display: inline-flex; align-items: center; gap: 4px; font-size: 12px; }
    .swatch i { width: 12px; height: 12px; display: inline-block; border: 1px solid #888; }
    .controls { display: flex; align-items: center; gap: 8px; margin-top: 6px; font-size: 12px; }
    .readout { min-height: 1.4em; font-family: ui-monospace, monospace; font-size: 12px; margin-top: 4px; }
  `;

  protected willUpdate(changed: PropertyValues) {
    if (changed.has('values') || changed.has('channels') || changed.has('reduce')) {
      this.data = reduceChannels(decodeFloats(this.values), Math.max(1, this.channels), this.rows * this.cols, this.reduce);
      this.valueRange = range(this.data);
    }
    if (changed.has('image')) {
      this.picture = undefined;
      if (this.image) {
        const img = new Image();
        img.onload = () => { this.picture = img; this.draw(); };
        img.src = this.image;
      }
    }
  }

  protected updated() {
    this.draw();
  }

  private effectiveScale(): Scale {
    return this.channels > 1 && this.reduce === 'max-abs' ? 'viridis' : this.scale;
  }

  private effectiveRange(): Range {
    if (this.shared > 0) return this.effectiveScale() === 'diverging' ? { min: -this.shared, max: this.shared } : { min: 0, max: this.shared };
    return this.valueRange;
  }

  private canvasSize(): [number, number] {
    const aspect = this.rows > 0 && this.cols > 0 ? this.cols / this.rows : 1;
    return aspect >= 1 ? [this.size, Math.round(this.size / aspect)] : [Math.round(this.size * aspect), this.size];
  }

  private draw() {
    const canvas = this.canvas;
    if (!canvas || this.rows <= 0 || this.cols <= 0 || this.data.length < this.rows * this.cols) return;
    const [width, height] = this.canvasSize();
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d')!;
    ctx.clearRect(0, 0, width, height);
    const cells = document.createElement('canvas');
    cells.width = this.cols;
    cells.height = this.rows;
    const cellCtx = cells.getContext('2d')!;
    const pixels = cellCtx.createImageData(this.cols, this.rows);
    const r = this.effectiveRange();
    for (let i = 0; i < this.rows * this.cols; i++) {
      const c = this.categorical ? categoryColour(Math.round(this.data[i])) : colour(this.effectiveScale(), normalise(this.data[i], r, this.effectiveScale()));
      pixels.data[4 * i] = c[0];
      pixels.data[4 * i + 1] = c[1];
      pixels.data[4 * i + 2] = c[2];
      pixels.data[4 * i + 3] = 255;
    }
    cellCtx.putImageData(pixels, 0, 0);
    if (this.picture) {
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(this.picture, 0, 0, width, height);
      ctx.globalAlpha = this.opacity;
    }
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(cells, 0, 0, width, height);
    ctx.globalAlpha = 1;
  }

  private onMove(event: MouseEvent) {
    const [width, height] = this.canvasSize();
    const col = Math.min(this.cols - 1, Math.floor((event.offsetX / width) * this.cols));
    const row = Math.min(this.rows - 1, Math.floor((event.offsetY / height) * this.rows));
    if (row < 0 || col < 0) return;
    const v = this.data[row * this.cols + col];
    const text = this.categorical ? (this.labels[Math.round(v)] ?? String(v)) : formatValue(v);
    this.hover = `row ${row}, col ${col}: ${text}`;
  }

  private legend() {
    if (this.categorical) {
      const present = Array.from(new Set(Array.from(this.data, v => Math.round(v)))).sort((a, b) => a - b);
      return html`<div class="swatches">${present.map(i => {
        const c = categoryColour(i);
        return html`<span class="swatch"><i style="background: rgb(${c.join(',')})"></i>${this.labels[i] ?? i}</span>`;
      })}</div>`;
    }
    const r = this.effectiveRange();
    const m = Math.max(Math.abs(r.min), Math.abs(r.max));
    const scale = this.effectiveScale();
    const [low, high] = scale === 'diverging' ? [-m, m] : [r.min, r.max];
    return html`<div class="bar" style="background: ${gradientCss(scale)}"></div>
      <div class="ends"><span>${formatValue(low)}</span>${scale === 'diverging' ? html`<span>0</span>` : ''}<span>${formatValue(high)}</span></div>`;
  }

  render() {
    const [width] = this.canvasSize();
    return html`<figure style="--cl-width: ${width}px; width: ${width}px">
      ${this.caption ? html`<figcaption>${this.caption}</figcaption>` : ''}
      <canvas @mousemove=${this.onMove} @mouseleave=${() => (this.hover = '')}></canvas>
      <div class="readout">${this.hover || '\u00a0'}</div>
      <div class="legend">${this.legend()}</div>
      ${this.channels > 1 ? html`<label class="controls">channels
        <select @change=${(e: Event) => (this.reduce = (e.target as HTMLSelectElement).value as 'sum' | 'max-abs')}>
          <option value="sum" ?selected=${this.reduce === 'sum'}>sum (signed)</option>
          <option value="max-abs" ?selected=${this.reduce === 'max-abs'}>max |value| (Simonyan)</option>
        </select></label>` : ''}
      ${this.image ? html`<label class="controls">overlay opacity
        <input type="range" min="0" max="1" step="0.05" .value=${String(this.opacity)}
          @input=${(e: Event) => (this.opacity = Number((e.target as HTMLInputElement).value))}></label>` : ''}
    </figure>`;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'cl-heatmap': ClHeatmap; }
}
