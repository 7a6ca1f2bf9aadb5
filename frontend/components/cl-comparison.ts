import { LitElement, html, css } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { decodeFloats, reduceChannels } from './colormaps';
import './cl-heatmap';

export interface ComparedMap { caption: string; values: string; channels: number; rows: number; cols: number; signed: boolean; image?: string; }

/**
 * <cl-comparison>: several maps side by side (techniques for one image, or stored experiments), each over its
 * input image, on independent colour scales or on one shared scale (the largest magnitude of all maps).
 */
@customElement('cl-comparison')
export class ClComparison extends LitElement {
  @property({ type: Array }) maps: ComparedMap[] = [];
  @property({ type: String }) image = '';
  @state() private shared = false;

  static styles = css`
    :host { display: block; font: 13px system-ui, sans-serif; }
    .row { display: flex; flex-wrap: wrap; gap: 16px; margin-top: 8px; }
  `;

  private sharedLimit(): number {
    let limit = 0;
    for (const map of this.maps) {
      const plane = reduceChannels(decodeFloats(map.values), map.channels, map.rows * map.cols, 'sum');
      for (const v of plane) limit = Math.max(limit, Math.abs(v));
    }
    return limit;
  }

  render() {
    const limit = this.shared ? this.sharedLimit() : 0;
    return html`
      <label><input id="shared-scale" type="checkbox" .checked=${this.shared}
        @change=${(e: Event) => (this.shared = (e.target as HTMLInputElement).checked)}> one colour scale for all</label>
      <div class="row">${this.maps.map(map => html`
        <cl-heatmap .caption=${map.caption} .values=${map.values} .channels=${map.channels} .rows=${map.rows} .cols=${map.cols}
          .scale=${map.signed ? 'diverging' : 'viridis'} .image=${map.image || this.image} .opacity=${0.55} .size=${240} .shared=${limit}></cl-heatmap>`)}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'cl-comparison': ClComparison; }
}
