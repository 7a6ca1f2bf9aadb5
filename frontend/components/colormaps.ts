// Colour scales and array decoding shared by the ConvLens elements. Rendering only: values arrive as
// raw float32 arrays from the server and every colour decision is made here, in the browser.

export type Rgb = [number, number, number];

const VIRIDIS: Rgb[] = [
  [68, 1, 84], [72, 40, 120], [62, 74, 137], [49, 104, 142], [38, 130, 142],
  [31, 158, 137], [53, 183, 121], [110, 206, 88], [181, 222, 43], [253, 231, 37],
];

// RdBu reversed: negative blue, zero white, positive red (Captum's and iNNvestigate's convention).
const DIVERGING: Rgb[] = [
  [5, 48, 97], [33, 102, 172], [67, 147, 195], [146, 197, 222], [209, 229, 240], [247, 247, 247],
  [253, 219, 199], [244, 165, 130], [214, 96, 77], [178, 24, 43], [103, 0, 31],
];

const GRAY: Rgb[] = [[0, 0, 0], [255, 255, 255]];

// Tableau 10, then 10 lighter tones: distinct labels for up to 20 classes.
export const CATEGORICAL: Rgb[] = [
  [31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189],
  [140, 86, 75], [227, 119, 194], [127, 127, 127], [188, 189, 34], [23, 190, 207],
  [174, 199, 232], [255, 187, 120], [152, 223, 138], [255, 152, 150], [197, 176, 213],
  [196, 156, 148], [247, 182, 210], [199, 199, 199], [219, 219, 141], [158, 218, 229],
];

export type Scale = 'viridis' | 'diverging' | 'gray';

function table(scale: Scale): Rgb[] {
  return scale === 'diverging' ? DIVERGING : scale === 'gray' ? GRAY : VIRIDIS;
}

/** Colour of t in [0, 1] on a scale, interpolated between its stops. */
export function colour(scale: Scale, t: number): Rgb {
  const stops = table(scale);
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i];
  const b = stops[i + 1];
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

export function categoryColour(index: number): Rgb {
  return CATEGORICAL[((index % CATEGORICAL.length) + CATEGORICAL.length) % CATEGORICAL.length];
}

/** CSS gradient of a scale, for legends. */
export function gradientCss(scale: Scale): string {
  const stops = table(scale);
  return `linear-gradient(to right, ${stops.map((c, i) => `rgb(${c.join(',')}) ${(100 * i) / (stops.length - 1)}%`).join(', ')})`;
}

/** Little-endian float32 values sent as base64 by the server. */
export function decodeFloats(base64: string | undefined): Float32Array {
  if (!base64) return new Float32Array(0);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}

export interface Range { min: number; max: number; }

export function range(values: Float32Array, from = 0, to = values.length): Range {
  let min = Infinity;
  let max = -Infinity;
  for (let i = from; i < to; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min === Infinity ? { min: 0, max: 0 } : { min, max };
}

/** Maps a value to [0, 1]: symmetric around zero for diverging scales, min–max otherwise. */
export function normalise(value: number, r: Range, scale: Scale): number {
  if (scale === 'diverging') {
    const m = Math.max(Math.abs(r.min), Math.abs(r.max)) || 1;
    return 0.5 + value / (2 * m);
  }
  const span = r.max - r.min;
  return span > 0 ? (value - r.min) / span : 0.5;
}

export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(3);
  return v.toFixed(a >= 100 ? 1 : 4);
}

export function encodeFloats(values: Float32Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** One plane from [channels, plane] values: the signed sum, or the largest magnitude. */
export function reduceChannels(values: Float32Array, channels: number, plane: number, mode: 'sum' | 'max-abs'): Float32Array {
  if (channels <= 1 || values.length < channels * plane) return values;
  const out = new Float32Array(plane);
  for (let i = 0; i < plane; i++) {
    let acc = 0;
    for (let c = 0; c < channels; c++) {
      const v = values[c * plane + i];
      acc = mode === 'sum' ? acc + v : Math.max(acc, Math.abs(v));
    }
    out[i] = acc;
  }
  return out;
}
