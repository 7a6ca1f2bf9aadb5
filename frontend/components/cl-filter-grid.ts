import { LitElement, html, css, PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { colour, decodeFloats, formatValue, range } from './colormaps';

/**
 * <cl-filter-grid>: convolution kernels [out, in, kh, kw] as small images. With 3 input channels and
 * `rgb` set, each filter is one colour image; otherwise one row per filter with a tile per input
 * channel (diverging scale: blue negative, red positive). `scaling` picks one scale for all weights
 * or one per filter.
 */
@customElement('cl-filter-grid')
export class ClFilterGrid extends LitElement {
  @property({ type: String }) values = '';
  @property({ type: Number }) outputs = 0;
  @property({ type: Number }) inputs = 0;
  @property({ type: Number }) kh = 0;
  @property({ type: Number }) kw = 0;
  @property({ type: Boolean }) rgb = false;
  @property({ type: String }) scaling: 'shared' | 'per-filter' = 'shared';
  @property({ type: Number }) tile = 40;
  /** At most this many input channels are drawn per filter. */
  @property({ type: Number }) maxInputs = 64;

  private data = new Float32Array(0);

  static styles = css`
    :host { display: block; font: 13px system-ui, sans-serif; }
    .grid { display: flex; flex-wrap: wrap; gap: 8px; }
    .rows { display: flex; flex-direction: column; gap: 4px; }
    .row { display: flex; gap: 2px; align-items: center; }
    .row b { width: 3em; font-weight: normal; font-size: 11px; color: #555; }
    .filter { display: flex; flex-direction: column; align-items: center; font-size: 11px; color: #555; }
    canvas { image-rendering: pixelated; border: 1px solid #ccc; }
    .note { color: #555; margin: 4px 0 8px; }
  `;

  protected willUpdate(changed: PropertyValues) {
    if (changed.has('values')) this.data = decodeFloats(this.values);
  }

  private kernelSize() {
    return this.kh * this.kw;
  }

  private filterRange(o: number) {
    const per = this.inputs * this.kernelSize();
    return this.scaling === 'shared' ? range(this.data) : range(this.data, o * per, (o + 1) * per);
  }

  protected updated() {
    const k = this.kernelSize();
    this.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas').forEach(canvas => {
      const o = Number(canvas.dataset.out);
      const r = this.filterRange(o);
      const m = Math.max(Math.abs(r.min), Math.abs(r.max)) || 1;
      canvas.width = this.kw;
      canvas.height = this.kh;
      const ctx = canvas.getContext('2d')!;
      const pixels = ctx.createImageData(this.kw, this.kh);
      for (let p = 0; p < k; p++) {
        let rgb: number[];
        if (canvas.dataset.in === 'rgb') {
          // Colour filters: each input channel's weight, mapped from [-m, m] to [0, 255].
          rgb = [0, 1, 2].map(c => 127.5 + (127.5 * this.data[(o * this.inputs + c) * k + p]) / m);
        } else {
          const i = Number(canvas.dataset.in);
          rgb = colour('diverging', 0.5 + this.data[(o * this.inputs + i) * k + p] / (2 * m));
        }
        pixels.data.set([rgb[0], rgb[1], rgb[2], 255], 4 * p);
      }
      ctx.putImageData(pixels, 0, 0);
    });
  }

  render() {
    const shown = Math.min(this.inputs, this.maxInputs);
    const all = range(this.data);
    const note = html`<div class="note">${this.outputs} filters × ${this.inputs} input channels, ${this.kh}×${this.kw};
      weights ${formatValue(all.min)} … ${formatValue(all.max)}${shown < this.inputs ? `; first ${shown} input channels shown` : ''}</div>`;
    if (this.rgb && this.inputs === 3) {
      return html`${note}<div class="grid">${Array.from({ length: this.outputs }, (_, o) => html`
        <div class="filter"><canvas data-out=${o} data-in="rgb" style="width:${this.tile}px;height:${this.tile}px"></canvas>${o}</div>`)}</div>`;
    }
    const tile = Math.max(12, Math.min(this.tile, 24));
    return html`${note}<div class="rows">${Array.from({ length: this.outputs }, (_, o) => html`
      <div class="row"><b>${o}</b>${Array.from({ length: shown }, (_, i) => html`
        <canvas data-out=${o} data-in=${i} title="filter ${o}, input channel ${i}" style="width:${tile}px;height:${tile}px"></canvas>`)}</div>`)}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'cl-filter-grid': ClFilterGrid; }
}
