import { LitElement, html, css, PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { decodeFloats, formatValue } from './colormaps';
import { barChart, categoryColours, legendDot, paintImage, scatterPlot } from './charts';

export interface DissectedUnit { unit: number; concept: string; category: string; iou: number; detector: boolean; threshold: number; examples: string[]; }
export interface Concept { name: string; category: string; }

/**
 * <cl-dissection>: network dissection of one layer (Bau et al. 2017). The number of unique detectors per concept
 * category, then every unit with its best concept, IoU and the images it fires on most, the part above its threshold
 * shown bright. When an ablation of the same layer exists, its accuracy drop is plotted against the IoU.
 */
@customElement('cl-dissection')
export class ClDissection extends LitElement {
  @property({ type: Array }) units: DissectedUnit[] = [];
  @property({ type: Array }) concepts: Concept[] = [];
  @property({ type: Object }) summary: Record<string, { uniqueDetectors: number; units: number }> = {};
  @property({ type: String }) iou = '';
  @property({ type: String }) examples = '';
  @property({ type: String }) masks = '';
  @property({ type: Number }) perUnit = 0;
  @property({ type: Number }) channels = 3;
  @property({ type: Number }) height = 32;
  @property({ type: Number }) width = 32;
  @property({ type: Number }) iouThreshold = 0.04;
  /** Accuracy drop per unit from an ablation of the same layer, or empty. */
  @property({ type: Array }) drops: number[] = [];
  @state() private detectorsOnly = false;
  @state() private order: 'iou' | 'unit' = 'iou';

  private pixels = new Float32Array(0);
  private maskValues = new Float32Array(0);
  private iouValues = new Float32Array(0);

  static styles = css`
    :host { display: block; font: 12px system-ui, sans-serif; }
    .controls { display: flex; gap: 12px; align-items: center; margin: 8px 0; }
    .unit { display: flex; align-items: center; gap: 8px; margin-bottom: 6px; }
    .unit .name { width: 16em; }
    .unit.detector .name b { color: #0a7d32; }
    canvas { image-rendering: pixelated; width: 64px; height: 64px; border: 1px solid #ccc; }
    .charts { display: flex; flex-wrap: wrap; gap: 24px; }
    details summary { cursor: pointer; }
  `;

  protected willUpdate(changed: PropertyValues) {
    if (changed.has('examples')) this.pixels = decodeFloats(this.examples);
    if (changed.has('masks')) this.maskValues = decodeFloats(this.masks);
    if (changed.has('iou')) this.iouValues = decodeFloats(this.iou);
  }

  protected updated() {
    this.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas').forEach(canvas =>
      paintImage(canvas, this.pixels, Number(canvas.dataset.slot), this.channels, this.height, this.width, this.maskValues));
  }

  /** The best IoU of a unit for each concept: its row of the IoU matrix. */
  private conceptScores(unit: number) {
    const k = this.concepts.length;
    return this.concepts.map((c, i) => ({ label: `${c.name} (${c.category})`, value: this.iouValues[unit * k + i] ?? 0 }))
      .sort((a, b) => b.value - a.value).slice(0, 5);
  }

  render() {
    const colours = categoryColours(this.concepts.map(c => c.category));
    const categories = Object.keys(this.summary);
    const shown = this.units.filter(u => !this.detectorsOnly || u.detector)
      .sort((a, b) => (this.order === 'iou' ? b.iou - a.iou : a.unit - b.unit));
    const detectors = this.units.filter(u => u.detector).length;
    return html`
      <div class="charts">
        <div>
          <div><b>Unique detectors per category</b> (${detectors} of ${this.units.length} units are detectors, IoU &gt; ${this.iouThreshold})</div>
          ${barChart(categories.map(c => ({ label: c, value: this.summary[c].uniqueDetectors, colour: colours.get(c),
              title: `${c}: ${this.summary[c].uniqueDetectors} unique concepts detected by ${this.summary[c].units} units` })),
            { id: 'unique-detectors', max: Math.max(1, ...categories.map(c => this.summary[c].uniqueDetectors)) })}
        </div>
        ${this.drops.length ? html`<div>
          <div><b>Importance against interpretability</b> (each unit: accuracy drop when ablated, best IoU)</div>
          ${scatterPlot(this.units.map(u => ({ x: u.iou, y: this.drops[u.unit] ?? 0, label: `unit ${u.unit} (${u.concept})`,
              colour: colours.get(u.category) })), { id: 'importance-scatter', xLabel: 'IoU of best concept', yLabel: 'accuracy drop' })}
          <div>${categories.map(c => legendDot(colours.get(c)!, c))}</div>
        </div>` : ''}
      </div>
      <div class="controls">
        <label><input id="detectors-only" type="checkbox" .checked=${this.detectorsOnly}
          @change=${(e: Event) => (this.detectorsOnly = (e.target as HTMLInputElement).checked)}> detectors only</label>
        <label>order by <select id="order" @change=${(e: Event) => (this.order = (e.target as HTMLSelectElement).value as 'iou' | 'unit')}>
          <option value="iou">IoU</option><option value="unit">unit</option></select></label>
      </div>
      ${shown.map(u => html`<div class="unit ${u.detector ? 'detector' : ''}" data-unit=${u.unit}>
        <div class="name">unit ${u.unit}: <b>${u.concept}</b> <span style="color:${colours.get(u.category)}">${u.category}</span>
          IoU ${formatValue(u.iou)}${u.detector ? ' ✓' : ''}
          <details><summary>other concepts</summary>${barChart(this.conceptScores(u.unit), { width: 300 })}</details></div>
        ${Array.from({ length: Math.min(this.perUnit, u.examples.length) }, (_, e) => html`
          <canvas data-slot=${u.unit * this.perUnit + e} title=${u.examples[e]}></canvas>`)}
      </div>`)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'cl-dissection': ClDissection; }
}
