import { LitElement, html, css } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';

interface Answer { probabilities: number[]; }

/**
 * <cl-occluder>: the image with a gray square that follows the pointer while it is pressed; every position is sent to
 * the server (one request in flight at a time, the latest position wins) and the class probabilities come back as bars,
 * the top class named in large type. The time of the last round trip is shown.
 */
@customElement('cl-occluder')
export class ClOccluder extends LitElement {
  @property({ type: String }) image = '';
  @property({ type: Number }) height = 28;
  @property({ type: Number }) width = 28;
  @property({ type: Number }) size = 8;
  @property({ type: Array }) labels: string[] = [];
  @property({ type: Array }) probabilities: number[] = [];
  @state() private patch: { x: number; y: number } | null = null;
  @state() private milliseconds = 0;
  @state() private updates = 0;
  private pending: { x: number; y: number } | null = null;
  private busy = false;
  private dragging = false;
  private readonly display = 392;

  static styles = css`
    :host { display: flex; gap: 32px; flex-wrap: wrap; font: 16px system-ui, sans-serif; user-select: none; }
    .stage { position: relative; touch-action: none; cursor: crosshair; }
    .stage img { display: block; image-rendering: pixelated; }
    .patch { position: absolute; background: rgb(128, 128, 128); outline: 2px solid #ffcc00; pointer-events: none; }
    .top { font-size: 2rem; font-weight: 600; margin-bottom: 8px; }
    .bar { display: flex; align-items: center; gap: 8px; margin: 4px 0; }
    .bar span.name { width: 9em; }
    .bar .fill { height: 18px; background: #1676f3; }
    .timing { color: #666; font-size: 13px; margin-top: 8px; }
  `;

  private toModel(event: PointerEvent) {
    const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
    const x = Math.floor(((event.clientX - box.left) / box.width) * this.width - this.size / 2);
    const y = Math.floor(((event.clientY - box.top) / box.height) * this.height - this.size / 2);
    return { x, y };
  }

  private press(event: PointerEvent) {
    this.dragging = true;
    (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    this.move(event);
  }

  private move(event: PointerEvent) {
    if (!this.dragging) return;
    this.patch = this.toModel(event);
    this.request(this.patch);
  }

  private release() {
    this.dragging = false;
  }

  /** Sends a position; while a request is out, only the newest waiting position is kept. */
  private async request(position: { x: number; y: number }) {
    if (this.busy) {
      this.pending = position;
      return;
    }
    this.busy = true;
    const started = performance.now();
    try {
      const server = (this as unknown as { $server: { occlude(y: number, x: number, size: number): Promise<Answer> } }).$server;
      const answer = await server.occlude(position.y, position.x, this.size);
      this.probabilities = answer.probabilities;
      this.milliseconds = performance.now() - started;
      this.updates++;
    } finally {
      this.busy = false;
    }
    if (this.pending) {
      const next = this.pending;
      this.pending = null;
      this.request(next);
    }
  }

  render() {
    const scale = this.display / Math.max(this.width, this.height);
    const order = this.probabilities.map((p, i) => i).sort((a, b) => this.probabilities[b] - this.probabilities[a]).slice(0, 5);
    const top = order[0];
    return html`
      <div class="stage" style="width:${this.width * scale}px;height:${this.height * scale}px"
        @pointerdown=${this.press} @pointermove=${this.move} @pointerup=${this.release} @pointercancel=${this.release}>
        <img src=${this.image} width=${this.width * scale} height=${this.height * scale} draggable="false" alt="">
        ${this.patch ? html`<div class="patch" style="left:${this.patch.x * scale}px;top:${this.patch.y * scale}px;width:${this.size * scale}px;height:${this.size * scale}px"></div>` : ''}
      </div>
      <div>
        <div class="top" id="top-class">${top === undefined ? '' : this.labels[top] ?? `class ${top}`}</div>
        ${order.map(i => html`<div class="bar" data-class=${i} data-probability=${this.probabilities[i]}>
          <span class="name">${this.labels[i] ?? `class ${i}`}</span>
          <div class="fill" style="width:${Math.max(1, this.probabilities[i] * 240)}px"></div>
          <span>${(this.probabilities[i] * 100).toFixed(1)} %</span></div>`)}
        <div class="timing" id="timing" data-updates=${this.updates}>${this.updates ? `last update ${this.milliseconds.toFixed(0)} ms after the move (${this.updates} updates)` : 'press and drag on the image'}</div>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'cl-occluder': ClOccluder; }
}
