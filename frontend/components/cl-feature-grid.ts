import { LitElement, html, css, PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { colour, decodeFloats, encodeFloats, formatValue, range, Range } from './colormaps';
import './cl-heatmap';

/**
 * <cl-feature-grid>: every channel of one layer's output for one image, as a grid of small maps.
 * Click a map to enlarge it (with the input underneath and the value under the cursor); the element
 * then fires `channel-selected` with `{ channel }`.
 */
@customElement('cl-feature-grid')
export class ClFeatureGrid extends LitElement {
  /** base64 of little-endian float32, [channels, rows, cols]. */
  @property({ type: String }) values = '';
  @property({ type: Number }) channels = 0;
  @property({ type: Number }) rows = 0;
  @property({ type: Number }) cols = 0;
  /** 'per-map': each map on its own min–max; 'shared': one range for the whole layer. */
  @property({ type: String }) scaling: 'per-map' | 'shared' = 'per-map';
  @property({ type: String }) image = '';
  @property({ type: Number }) tile = 72;
  @state() private selected = -1;

  private data = new Float32Array(0);
  private ranges: Range[] = [];
  private layerRange: Range = { min: 0, max: 0 };

  static styles = css`
    :host { display: block; font: 13px system-ui, sans-serif; }
    .toolbar { display: flex; gap: 12px; align-items: center; margin-bottom: 8px; }
    .grid { display: flex; flex-wrap: wrap; gap: 6px; }
    .cell { display: flex; flex-direction: column; align-items: center; cursor: pointer; border: 2px solid transparent; }
    .cell.selected { border-color: #1676f3; }
    .cell span { font-size: 11px; color: #555; }
    canvas { image-rendering: pixelated; border: 1px solid #ccc; }
    .enlarged { margin-top: 12px; }
  `;

  protected willUpdate(changed: PropertyValues) {
    if (changed.has('values') || changed.has('channels')) {
      this.data = decodeFloats(this.values);
      const plane = this.rows * this.cols;
      this.ranges = Array.from({ length: this.channels }, (_, c) => range(this.data, c * plane, (c + 1) * plane));
      this.layerRange = range(this.data);
      if (this.selected >= this.channels) this.selected = -1;
    }
  }

  protected updated() {
    const plane = this.rows * this.cols;
    this.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas[data-channel]').forEach(canvas => {
      const c = Number(canvas.dataset.channel);
      canvas.width = this.cols;
      canvas.height = this.rows;
      const ctx = canvas.getContext('2d')!;
      const pixels = ctx.createImageData(this.cols, this.rows);
      const r = this.scaling === 'shared' ? this.layerRange : this.ranges[c];
      const span = r.max - r.min;
      for (let i = 0; i < plane; i++) {
        const t = span > 0 ? (this.data[c * plane + i] - r.min) / span : 0;
        const rgb = colour('viridis', t);
        pixels.data.set([rgb[0], rgb[1], rgb[2], 255], 4 * i);
      }
      ctx.putImageData(pixels, 0, 0);
    });
  }

  private select(channel: number) {
    this.selected = channel;
    this.dispatchEvent(new CustomEvent('channel-selected', { detail: { channel }, bubbles: true, composed: true }));
  }

  private enlarged() {
    if (this.selected < 0) return '';
    const plane = this.rows * this.cols;
    const slice = this.data.slice(this.selected * plane, (this.selected + 1) * plane);
    return html`<div class="enlarged">
      <cl-heatmap .values=${encodeFloats(slice)} .rows=${this.rows} .cols=${this.cols} scale="viridis"
        .shared=${this.scaling === 'shared' ? this.layerRange.max : 0} .image=${this.image} .opacity=${0.85}
        .caption=${`channel ${this.selected} — max ${formatValue(this.ranges[this.selected].max)}`}></cl-heatmap>
    </div>`;
  }

  render() {
    const size = Math.max(this.tile, this.cols);
    return html`
      <div class="toolbar">
        <span>${this.channels} channels of ${this.rows}×${this.cols}</span>
        <label><input type="checkbox" .checked=${this.scaling === 'shared'}
          @change=${(e: Event) => (this.scaling = (e.target as HTMLInputElement).checked ? 'shared' : 'per-map')}>
          one scale for the whole layer</label>
      </div>
      <div class="grid">
        ${Array.from({ length: this.channels }, (_, c) => html`
          <div class="cell ${c === this.selected ? 'selected' : ''}" @click=${() => this.select(c)} title="channel ${c}, max ${formatValue(this.ranges[c]?.max ?? 0)}">
            <canvas data-channel=${c} style="width:${size}px;height:${Math.round((size * this.rows) / Math.max(1, this.cols))}px"></canvas>
            <span>${c}</span>
          </div>`)}
      </div>
      ${this.enlarged()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'cl-feature-grid': ClFeatureGrid; }
}
