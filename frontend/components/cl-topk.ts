import { LitElement, html, css, PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { decodeFloats, formatValue } from './colormaps';
import { paintImage } from './charts';

export interface TopKHit { channel: number; image: string; activation: number; position: number[]; box: number[]; }

/**
 * <cl-topk>: Zeiler & Fergus's figure 2 for one layer. One row per unit (channel): its top-k dataset images
 * with the receptive field of the firing unit boxed, and beside each the DeConvNet projection of that
 * activation (gray, zero in the middle). Pages through the units.
 */
@customElement('cl-topk')
export class ClTopk extends LitElement {
  @property({ type: String }) images = '';
  @property({ type: String }) projections = '';
  @property({ type: Array }) hits: TopKHit[] = [];
  @property({ type: Number }) k = 9;
  @property({ type: Number }) channels = 1;
  @property({ type: Number }) height = 28;
  @property({ type: Number }) width = 28;
  @property({ type: Number }) unitsPerPage = 8;
  @state() private page = 0;

  private pixels = new Float32Array(0);
  private projected = new Float32Array(0);

  static styles = css`
    :host { display: block; font: 12px system-ui, sans-serif; }
    .row { display: flex; align-items: center; gap: 6px; margin-bottom: 8px; }
    .row b { width: 5em; }
    .pair { display: flex; gap: 1px; }
    canvas { image-rendering: pixelated; border: 1px solid #ccc; width: 56px; height: 56px; }
    .pager { display: flex; gap: 8px; align-items: center; margin-bottom: 8px; }
  `;

  protected willUpdate(changed: PropertyValues) {
    if (changed.has('images')) this.pixels = decodeFloats(this.images);
    if (changed.has('projections')) this.projected = decodeFloats(this.projections);
  }

  private units(): number {
    return Math.ceil(this.hits.length / Math.max(1, this.k));
  }

  protected updated() {
    const size = this.channels * this.height * this.width;
    const plane = this.height * this.width;
    this.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas').forEach(canvas => {
      const index = Number(canvas.dataset.hit);
      if (canvas.dataset.kind !== 'projection') {
        paintImage(canvas, this.pixels, index, this.channels, this.height, this.width);
        const box = this.hits[index]?.box;
        if (box) {
          const ctx = canvas.getContext('2d')!;
          ctx.strokeStyle = '#ff3b30';
          ctx.lineWidth = 1;
          ctx.strokeRect(box[1] + 0.5, box[0] + 0.5, box[3] - box[1], box[2] - box[0]);
        }
        return;
      }
      canvas.width = this.width;
      canvas.height = this.height;
      const ctx = canvas.getContext('2d')!;
      const data = ctx.createImageData(this.width, this.height);
      let scale = 0;
      for (let i = 0; i < size; i++) scale = Math.max(scale, Math.abs(this.projected[index * size + i] ?? 0));
      scale = scale || 1;
      for (let p = 0; p < plane; p++) {
        for (let c = 0; c < 3; c++) {
          data.data[4 * p + c] = 127.5 + (127.5 * (this.projected[index * size + (this.channels === 3 ? c : 0) * plane + p] ?? 0)) / scale;
        }
        data.data[4 * p + 3] = 255;
      }
      ctx.putImageData(data, 0, 0);
    });
  }

  render() {
    const pages = Math.ceil(this.units() / this.unitsPerPage);
    const first = this.page * this.unitsPerPage;
    const units = Array.from({ length: Math.min(this.unitsPerPage, this.units() - first) }, (_, i) => first + i);
    return html`
      <div class="pager">
        <button id="previous" ?disabled=${this.page === 0} @click=${() => (this.page = this.page - 1)}>◀</button>
        <span>units ${first}–${first + units.length - 1} of ${this.units()}</span>
        <button id="next" ?disabled=${this.page >= pages - 1} @click=${() => (this.page = this.page + 1)}>▶</button>
      </div>
      ${units.map(unit => html`<div class="row"><b>unit ${this.hits[unit * this.k]?.channel ?? unit}</b>
        ${Array.from({ length: this.k }, (_, r) => unit * this.k + r).filter(i => i < this.hits.length).map(i => html`
          <div class="pair" title="${this.hits[i].image}: ${formatValue(this.hits[i].activation)} at ${this.hits[i].position.join(',')}">
            <canvas data-hit=${i} data-kind="image"></canvas>
            ${this.projected.length ? html`<canvas data-hit=${i} data-kind="projection"></canvas>` : ''}
          </div>`)}
      </div>`)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'cl-topk': ClTopk; }
}
