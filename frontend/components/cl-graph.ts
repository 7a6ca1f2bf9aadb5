import { LitElement, html, svg, css } from 'lit';
import { customElement, property } from 'lit/decorators.js';

export interface GraphNode { name: string; type: string; shape: string; inputs: string[]; }

/**
 * <cl-graph>: a ComputationGraph as boxes and arrows, one column per depth (longest path from the
 * input), so branches, residual additions and concatenations are visible at a glance.
 */
@customElement('cl-graph')
export class ClGraph extends LitElement {
  @property({ type: Array }) nodes: GraphNode[] = [];

  static styles = css`
    :host { display: block; overflow: auto; font: 12px system-ui, sans-serif; }
    rect { fill: #f4f7fb; stroke: #7a8ca5; }
    rect.input { fill: #e7f5e9; }
    text { font-size: 11px; fill: #222; }
    text.type { fill: #555; }
    path { fill: none; stroke: #98a6b8; stroke-width: 1.2; marker-end: url(#arrow); }
  `;

  render() {
    const boxW = 150, boxH = 44, gapX = 46, gapY = 14;
    const depth = new Map<string, number>();
    const byName = new Map(this.nodes.map(n => [n.name, n]));
    const depthOf = (name: string, seen = new Set<string>()): number => {
      if (depth.has(name)) return depth.get(name)!;
      const node = byName.get(name);
      if (!node || seen.has(name)) return 0;
      seen.add(name);
      const d = node.inputs.length === 0 ? 0 : 1 + Math.max(...node.inputs.map(i => depthOf(i, seen)));
      depth.set(name, d);
      return d;
    };
    this.nodes.forEach(n => depthOf(n.name));
    const columns = new Map<number, GraphNode[]>();
    this.nodes.forEach(n => {
      const d = depth.get(n.name) ?? 0;
      if (!columns.has(d)) columns.set(d, []);
      columns.get(d)!.push(n);
    });
    const position = new Map<string, { x: number; y: number }>();
    let height = 0;
    columns.forEach((list, d) => list.forEach((n, row) => {
      position.set(n.name, { x: 10 + d * (boxW + gapX), y: 10 + row * (boxH + gapY) });
      height = Math.max(height, 10 + (row + 1) * (boxH + gapY));
    }));
    const width = 10 + columns.size * (boxW + gapX);
    const edges = this.nodes.flatMap(n => n.inputs.filter(i => position.has(i)).map(i => {
      const a = position.get(i)!, b = position.get(n.name)!;
      const x1 = a.x + boxW, y1 = a.y + boxH / 2, x2 = b.x, y2 = b.y + boxH / 2;
      return svg`<path d="M${x1},${y1} C${x1 + gapX / 2},${y1} ${x2 - gapX / 2},${y2} ${x2},${y2}"></path>`;
    }));
    const boxes = this.nodes.map(n => {
      const p = position.get(n.name)!;
      const label = n.name.length > 22 ? n.name.slice(0, 21) + '…' : n.name;
      return svg`<g><title>${n.name}: ${n.type} ${n.shape}</title>
        <rect class=${n.inputs.length === 0 ? 'input' : ''} x=${p.x} y=${p.y} width=${boxW} height=${boxH} rx="5"></rect>
        <text x=${p.x + 6} y=${p.y + 16}>${label}</text>
        <text class="type" x=${p.x + 6} y=${p.y + 32}>${n.type} ${n.shape}</text></g>`;
    });
    return html`<svg width=${width} height=${height} role="img" aria-label="network graph">
      <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto">
        <path d="M0,0 L10,5 L0,10 z" style="fill:#98a6b8;stroke:none;marker-end:none"></path></marker></defs>
      ${edges}${boxes}</svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'cl-graph': ClGraph; }
}
