import { LitElement, html, svg, css, PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { decodeFloats, formatValue } from './colormaps';

/**
 * <cl-synthesis>: synthesized images (display pixels 0–1, [N, C, H, W]) as a captioned grid, a step
 * slider that replays the snapshots, and the objective of every image per step as a line chart.
 */
@customElement('cl-synthesis')
export class ClSynthesis extends LitElement {
  @property({ type: String }) pixels = '';
  @property({ type: String }) snapshots = '';
  @property({ type: Array }) snapshotSteps: number[] = [];
  @property({ type: String }) curve = '';
  @property({ type: Number }) steps = 0;
  @property({ type: Number }) count = 0;
  @property({ type: Number }) channels = 1;
  @property({ type: Number }) height = 0;
  @property({ type: Number }) width = 0;
  @property({ type: Array }) captions: string[] = [];
  @property({ type: Number }) tile = 112;
  /** -1 shows the final images; otherwise an index into the snapshots. */
  @state() private frame = -1;
  @state() private playing = false;

  private finalImages = new Float32Array(0);
  private frames = new Float32Array(0);
  private objective = new Float32Array(0);
  private timer?: number;

  static styles = css`
    :host { display: block; font: 13px system-ui, sans-serif; }
    .grid { display: flex; flex-wrap: wrap; gap: 10px; }
    figure { margin: 0; display: flex; flex-direction: column; align-items: center; }
    figcaption { font-size: 11px; color: #444; max-width: var(--tile); text-align: center; }
    canvas { image-rendering: pixelated; border: 1px solid #ccc; }
    .player { display: flex; align-items: center; gap: 8px; margin: 10px 0; }
    svg { border: 1px solid #ddd; background: #fff; }
    polyline { fill: none; stroke-width: 1.2; }
    text { font-size: 11px; fill: #555; }
  `;

  protected willUpdate(changed: PropertyValues) {
    if (changed.has('pixels')) this.finalImages = decodeFloats(this.pixels);
    if (changed.has('snapshots')) this.frames = decodeFloats(this.snapshots);
    if (changed.has('curve')) this.objective = decodeFloats(this.curve);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.clearInterval(this.timer);
  }

  protected updated() {
    const size = this.channels * this.height * this.width;
    const source = this.frame < 0 ? this.finalImages : this.frames.subarray(this.frame * this.count * size, (this.frame + 1) * this.count * size);
    const plane = this.height * this.width;
    this.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas[data-image]').forEach(canvas => {
      const i = Number(canvas.dataset.image);
      canvas.width = this.width;
      canvas.height = this.height;
      const ctx = canvas.getContext('2d')!;
      const data = ctx.createImageData(this.width, this.height);
      for (let p = 0; p < plane; p++) {
        const at = i * size + p;
        const r = source[at] ?? 0;
        const g = this.channels === 3 ? source[at + plane] : r;
        const b = this.channels === 3 ? source[at + 2 * plane] : r;
        data.data.set([r * 255, g * 255, b * 255, 255], 4 * p);
      }
      ctx.putImageData(data, 0, 0);
    });
  }

  private togglePlay() {
    if (this.playing) {
      window.clearInterval(this.timer);
      this.playing = false;
      return;
    }
    this.playing = true;
    this.frame = 0;
    this.timer = window.setInterval(() => {
      if (this.frame >= this.snapshotSteps.length - 1) {
        window.clearInterval(this.timer);
        this.playing = false;
        this.frame = -1;
      } else {
        this.frame = this.frame + 1;
      }
    }, 250);
  }

  private chart() {
    if (this.steps < 2 || this.objective.length < this.count * this.steps) return '';
    const w = 480, h = 180, pad = 36;
    let min = Infinity, max = -Infinity;
    for (const v of this.objective) { if (v < min) min = v; if (v > max) max = v; }
    const span = max - min || 1;
    const colours = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
    const lines = Array.from({ length: this.count }, (_, i) => {
      const points: string[] = [];
      for (let s = 0; s < this.steps; s++) {
        const x = pad + ((w - pad - 8) * s) / (this.steps - 1);
        const y = h - pad + 8 - ((h - pad) * (this.objective[i * this.steps + s] - min)) / span;
        points.push(`${x.toFixed(1)},${y.toFixed(1)}`);
      }
      return svg`<polyline points=${points.join(' ')} style="stroke:${colours[i % colours.length]}"></polyline>`;
    });
    return html`<svg width=${w} height=${h} role="img" aria-label="objective per step">
      ${lines}
      <text x="2" y="12">${formatValue(max)}</text><text x="2" y=${h - pad + 8}>${formatValue(min)}</text>
      <text x=${w - 60} y=${h - 6}>step ${this.steps}</text><text x=${pad} y=${h - 6}>objective per step</text>
    </svg>`;
  }

  render() {
    const label = this.frame < 0 ? `final (step ${this.steps})` : `step ${this.snapshotSteps[this.frame]}`;
    return html`
      <div class="grid" style="--tile:${this.tile}px">${Array.from({ length: this.count }, (_, i) => html`
        <figure><canvas data-image=${i} style="width:${this.tile}px;height:${Math.round((this.tile * this.height) / Math.max(1, this.width))}px"></canvas>
        <figcaption>${this.captions[i] ?? i}</figcaption></figure>`)}</div>
      ${this.snapshotSteps.length > 0 ? html`<div class="player">
        <button id="play" @click=${this.togglePlay}>${this.playing ? 'Stop' : 'Play the optimization'}</button>
        <input type="range" min="-1" max=${this.snapshotSteps.length - 1} .value=${String(this.frame)}
          @input=${(e: Event) => (this.frame = Number((e.target as HTMLInputElement).value))}>
        <span>${label}</span></div>` : ''}
      ${this.chart()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'cl-synthesis': ClSynthesis; }
}
