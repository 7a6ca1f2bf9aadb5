import { LitElement, html, css } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatValue } from './colormaps';
import { Bar, barChart, categoryColours, legendDot, scatterPlot } from './charts';

export interface AblationRow { unit?: number; layer?: string; units?: string | number; accuracy: number; drop: number; rank?: number; }
export interface UnitLabel { unit: number; concept: string; category: string; iou: number; detector: boolean; }

/**
 * <cl-ablation>: what removing units costs. Accuracy drop per unit (or per layer), largest first; accuracy per class
 * before and after; and, when the same layer was dissected, importance against interpretability (Bau et al. 2020).
 */
@customElement('cl-ablation')
export class ClAblation extends LitElement {
  @property({ type: Array }) rows: AblationRow[] = [];
  @property({ type: String }) kind = 'each unit';
  @property({ type: Number }) baseline = 0;
  @property({ type: Array }) classes: string[] = [];
  /** Accuracy per class: the baseline, then (for units ablated together) the ablated accuracy. */
  @property({ type: Array }) perClass: number[][] = [];
  /** Best concept per unit from a dissection of the same layer, or empty. */
  @property({ type: Array }) labels: UnitLabel[] = [];
  @state() private shown = 32;

  static styles = css`
    :host { display: block; font: 12px system-ui, sans-serif; }
    .charts { display: flex; flex-wrap: wrap; gap: 28px; align-items: flex-start; }
    h4 { margin: 4px 0; }
  `;

  private bars(): Bar[] {
    return this.rows.slice(0, this.shown).map(row => {
      const name = row.layer ?? (row.unit !== undefined ? `unit ${row.unit}` : `units ${row.units}`);
      const label = this.labels.find(l => l.unit === row.unit);
      return { label: label ? `${name} (${label.concept})` : name, value: row.drop * 100,
        title: `${name}: accuracy ${formatValue(row.accuracy)} (drop ${formatValue(row.drop * 100)} points)${label ? `, best concept ${label.concept}, IoU ${formatValue(label.iou)}` : ''}` };
    });
  }

  render() {
    const byLayer = this.kind === 'each layer';
    const perClassBars: Bar[] = this.classes.flatMap((name, c) => this.perClass.length > 1
      ? [{ label: name, value: this.perClass[0][c] * 100, colour: '#9aa5b1' }, { label: '', value: this.perClass[1][c] * 100, title: `${name} ablated: ${formatValue(this.perClass[1][c] * 100)} %` }]
      : [{ label: name, value: (this.perClass[0]?.[c] ?? 0) * 100 }]);
    const colours = categoryColours(this.labels.map(l => l.category));
    return html`
      <div>Baseline accuracy <b id="baseline">${formatValue(this.baseline * 100)} %</b>${this.rows.length === 1 && this.kind === 'units together'
        ? html`; with units ${this.rows[0].units} ablated together <b id="ablated">${formatValue(this.rows[0].accuracy * 100)} %</b>` : ''}.</div>
      <div class="charts">
        ${this.kind !== 'units together' ? html`<div>
          <h4>Accuracy drop (points) per ${byLayer ? 'layer, all its units ablated' : 'unit ablated alone'}, largest first</h4>
          ${barChart(this.bars(), { id: 'drop-chart', unit: '' })}
          ${this.rows.length > this.shown ? html`<button id="show-all" @click=${() => (this.shown = this.rows.length)}>show all ${this.rows.length}</button>` : ''}
        </div>` : ''}
        <div>
          <h4>Accuracy per class (%)${this.perClass.length > 1 ? ': gray before, blue after' : ', baseline'}</h4>
          ${barChart(perClassBars, { id: 'per-class-chart', max: 100 })}
        </div>
        ${this.labels.length && !byLayer ? html`<div>
          <h4>Importance against interpretability</h4>
          ${scatterPlot(this.labels.map(l => ({ x: l.iou, y: (this.rows.find(r => r.unit === l.unit)?.drop ?? 0) * 100,
              label: `unit ${l.unit} (${l.concept})`, colour: colours.get(l.category) })),
            { id: 'importance-scatter', xLabel: 'IoU of best concept (dissection)', yLabel: 'accuracy drop (points)' })}
          <div>${[...colours.keys()].map(c => legendDot(colours.get(c)!, c))}</div>
        </div>` : ''}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'cl-ablation': ClAblation; }
}
