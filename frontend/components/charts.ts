import { html, svg, TemplateResult } from 'lit';
import { categoryColour, formatValue } from './colormaps';

export interface Bar { label: string; value: number; title?: string; colour?: string; }
export interface Point { x: number; y: number; label: string; colour?: string; }

const rgbCss = (index: number) => `rgb(${categoryColour(index).join(',')})`;

/**
 * Horizontal bars, one per item, scaled to the largest |value| (or {@code max}); negative values grow to the left of
 * the axis. Drawn as SVG so that it prints and scales.
 */
export function barChart(bars: Bar[], options: { id?: string; max?: number; width?: number; unit?: string } = {}): TemplateResult {
  const width = options.width ?? 420, row = 18, labelWidth = 130, valueWidth = 60;
  const plot = width - labelWidth - valueWidth;
  const max = options.max ?? Math.max(1e-12, ...bars.map(b => Math.abs(b.value)));
  const hasNegative = bars.some(b => b.value < 0);
  const zero = labelWidth + (hasNegative ? plot / 2 : 0);
  const span = hasNegative ? plot / 2 : plot;
  return html`<svg id=${options.id ?? ''} class="bar-chart" width=${width} height=${bars.length * row + 4} role="img">
    ${bars.map((bar, i) => {
      const length = (Math.abs(bar.value) / max) * span;
      const x = bar.value < 0 ? zero - length : zero;
      return svg`<g class="bar" data-label=${bar.label} data-value=${bar.value}>
        <title>${bar.title ?? `${bar.label}: ${formatValue(bar.value)}${options.unit ?? ''}`}</title>
        <text x=${labelWidth - 6} y=${i * row + 13} text-anchor="end" font-size="11">${bar.label}</text>
        <rect x=${x} y=${i * row + 3} width=${Math.max(0.5, length)} height=${row - 6} fill=${bar.colour ?? '#1676f3'}></rect>
        <text x=${labelWidth + plot + 4} y=${i * row + 13} font-size="11">${formatValue(bar.value)}${options.unit ?? ''}</text>
      </g>`;
    })}
    ${svg`<line x1=${zero} x2=${zero} y1="0" y2=${bars.length * row + 4} stroke="#888"></line>`}
  </svg>`;
}

/** A scatter plot with axes from 0 (or the smallest value) to the largest value, each point titled with its label. */
export function scatterPlot(points: Point[], options: { id?: string; xLabel: string; yLabel: string; width?: number; height?: number }): TemplateResult {
  const width = options.width ?? 420, height = options.height ?? 300, left = 48, bottom = 36, top = 10, right = 10;
  const xs = points.map(p => p.x), ys = points.map(p => p.y);
  const xMin = Math.min(0, ...xs), xMax = Math.max(1e-12, ...xs), yMin = Math.min(0, ...ys), yMax = Math.max(1e-12, ...ys);
  const px = (x: number) => left + ((x - xMin) / (xMax - xMin)) * (width - left - right);
  const py = (y: number) => height - bottom - ((y - yMin) / (yMax - yMin)) * (height - bottom - top);
  return html`<svg id=${options.id ?? ''} class="scatter" width=${width} height=${height} role="img">
    ${svg`<line x1=${left} x2=${width - right} y1=${height - bottom} y2=${height - bottom} stroke="#888"></line>
      <line x1=${left} x2=${left} y1=${top} y2=${height - bottom} stroke="#888"></line>
      <text x=${(left + width) / 2} y=${height - 6} text-anchor="middle" font-size="11">${options.xLabel}</text>
      <text x="12" y=${(top + height - bottom) / 2} text-anchor="middle" font-size="11" transform="rotate(-90 12 ${(top + height - bottom) / 2})">${options.yLabel}</text>
      <text x=${left} y=${height - bottom + 14} font-size="10" text-anchor="middle">${formatValue(xMin)}</text>
      <text x=${width - right} y=${height - bottom + 14} font-size="10" text-anchor="end">${formatValue(xMax)}</text>
      <text x=${left - 4} y=${height - bottom} font-size="10" text-anchor="end">${formatValue(yMin)}</text>
      <text x=${left - 4} y=${top + 8} font-size="10" text-anchor="end">${formatValue(yMax)}</text>`}
    ${points.map(p => svg`<circle class="point" cx=${px(p.x)} cy=${py(p.y)} r="4" fill=${p.colour ?? '#1676f3'} fill-opacity="0.8">
      <title>${p.label}: ${formatValue(p.x)}, ${formatValue(p.y)}</title></circle>`)}
  </svg>`;
}

/** A colour per category name, stable within one list of names. */
export function categoryColours(names: string[]): Map<string, string> {
  const colours = new Map<string, string>();
  for (const name of names) if (!colours.has(name)) colours.set(name, rgbCss(colours.size));
  return colours;
}

/**
 * Paints image {@code index} of a channels-first batch (pixels 0–1, gray or RGB) into a canvas; where {@code mask}
 * is given, pixels outside it are dimmed as NetDissect shows a unit's segmentation.
 */
export function paintImage(canvas: HTMLCanvasElement, pixels: Float32Array, index: number, channels: number, height: number, width: number,
                           mask?: Float32Array) {
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d')!;
  const data = ctx.createImageData(width, height);
  const plane = height * width, size = channels * plane;
  for (let p = 0; p < plane; p++) {
    const dim = mask && !(mask[index * plane + p] > 0) ? 0.25 : 1;
    for (let c = 0; c < 3; c++) data.data[4 * p + c] = 255 * dim * (pixels[index * size + (channels === 3 ? c : 0) * plane + p] ?? 0);
    data.data[4 * p + 3] = 255;
  }
  ctx.putImageData(data, 0, 0);
}

export const legendDot = (colour: string, label: string) =>
  html`<span style="display:inline-flex;align-items:center;gap:4px;margin-right:10px"><span style="width:10px;height:10px;border-radius:5px;background:${colour}"></span>${label}</span>`;
