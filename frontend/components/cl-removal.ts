import { LitElement, html, css, svg, PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { decodeFloats, formatValue } from './colormaps';
import { paintImage } from './charts';

/**
 * <cl-removal>: Zhou et al.'s image-part removal replayed. The original, the image after the chosen number of removals
 * (segment borders drawn) and the minimal image, with the class probability after each removal as a curve.
 */
@customElement('cl-removal')
export class ClRemoval extends LitElement {
  @property({ type: String }) original = '';
  @property({ type: String }) filled = '';
  @property({ type: String }) steps = '';
  @property({ type: String }) segments = '';
  @property({ type: String }) probabilities = '';
  @property({ type: Number }) channels = 1;
  @property({ type: Number }) height = 28;
  @property({ type: Number }) width = 28;
  @property({ type: String }) label = '';
  @state() private step = -1;

  private originalPixels = new Float32Array(0);
  private filledPixels = new Float32Array(0);
  private stepOf = new Float32Array(0);
  private segmentOf = new Float32Array(0);
  private curve: number[] = [];

  static styles = css`
    :host { display: block; font: 12px system-ui, sans-serif; }
    .images { display: flex; gap: 16px; align-items: flex-start; flex-wrap: wrap; }
    figure { margin: 0; text-align: center; }
    canvas { image-rendering: pixelated; width: 196px; height: 196px; border: 1px solid #ccc; }
    input[type=range] { width: 300px; }
  `;

  protected willUpdate(changed: PropertyValues) {
    if (changed.has('original')) this.originalPixels = decodeFloats(this.original);
    if (changed.has('filled')) this.filledPixels = decodeFloats(this.filled);
    if (changed.has('steps')) this.stepOf = decodeFloats(this.steps);
    if (changed.has('segments')) this.segmentOf = decodeFloats(this.segments);
    if (changed.has('probabilities')) this.curve = Array.from(decodeFloats(this.probabilities)).filter(v => !Number.isNaN(v));
    if (this.step < 0 && this.curve.length) this.step = this.curve.length - 1;
  }

  /** The image after {@code step} removals: removed segments show the fill. */
  private imageAfter(step: number): Float32Array {
    const plane = this.height * this.width;
    const image = this.originalPixels.slice();
    for (let p = 0; p < plane; p++) {
      const removedAt = this.stepOf[p];
      if (removedAt > 0 && removedAt <= step) for (let c = 0; c < this.channels; c++) image[c * plane + p] = this.filledPixels[c * plane + p];
    }
    return image;
  }

  protected updated() {
    const paint = (id: string, pixels: Float32Array) => {
      const canvas = this.renderRoot.querySelector<HTMLCanvasElement>(`#${id}`);
      if (canvas) paintImage(canvas, pixels, 0, this.channels, this.height, this.width);
      return canvas;
    };
    paint('original', this.originalPixels);
    paint('minimal', this.imageAfter(this.curve.length - 1));
    const current = paint('current', this.imageAfter(this.step));
    if (current) {
      const ctx = current.getContext('2d')!;
      const data = ctx.getImageData(0, 0, this.width, this.height);
      for (let y = 0; y < this.height; y++) {
        for (let x = 0; x < this.width; x++) {
          const p = y * this.width + x;
          const border = (x + 1 < this.width && this.segmentOf[p] !== this.segmentOf[p + 1]) || (y + 1 < this.height && this.segmentOf[p] !== this.segmentOf[p + this.width]);
          if (border) data.data.set([255, 200, 0, 255], 4 * p);
        }
      }
      ctx.putImageData(data, 0, 0);
    }
  }

  private chart() {
    const width = 320, height = 160, left = 36, bottom = 24;
    const n = Math.max(1, this.curve.length - 1);
    const x = (i: number) => left + (i / n) * (width - left - 8);
    const y = (v: number) => height - bottom - v * (height - bottom - 8);
    const path = this.curve.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i)},${y(v)}`).join(' ');
    return html`<svg id="probability-curve" width=${width} height=${height}>${svg`
      <line x1=${left} x2=${width - 8} y1=${height - bottom} y2=${height - bottom} stroke="#888"></line>
      <line x1=${left} x2=${left} y1="8" y2=${height - bottom} stroke="#888"></line>
      <text x=${left - 4} y="14" font-size="10" text-anchor="end">1</text>
      <text x=${left - 4} y=${height - bottom} font-size="10" text-anchor="end">0</text>
      <text x=${(left + width) / 2} y=${height - 6} font-size="10" text-anchor="middle">segments removed</text>
      <path d=${path} fill="none" stroke="#1676f3" stroke-width="2"></path>
      <circle cx=${x(this.step)} cy=${y(this.curve[this.step] ?? 0)} r="4" fill="#ff3b30"></circle>`}</svg>`;
  }

  render() {
    const last = Math.max(0, this.curve.length - 1);
    return html`
      <div class="images">
        <figure><canvas id="original"></canvas><figcaption>original: p = ${formatValue(this.curve[0] ?? 0)}</figcaption></figure>
        <figure><canvas id="current"></canvas><figcaption>after <span id="step-label">${this.step}</span> removals: p = ${formatValue(this.curve[this.step] ?? 0)}</figcaption>
          <div><input id="step" type="range" min="0" max=${last} .value=${String(this.step)}
            @input=${(e: Event) => (this.step = Number((e.target as HTMLInputElement).value))}></div></figure>
        <figure><canvas id="minimal"></canvas><figcaption>minimal image: still “${this.label}”, p = ${formatValue(this.curve[last] ?? 0)}</figcaption></figure>
        <figure>${this.chart()}<figcaption>probability of “${this.label}” as segments are removed</figcaption></figure>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'cl-removal': ClRemoval; }
}
