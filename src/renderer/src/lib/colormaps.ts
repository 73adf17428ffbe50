// Colormaps as pure functions v∈[0,1] → RGB (0–255), and 256-entry lookup tables built from
// them. jet/hot/gray are the MATLAB piecewise-linear definitions; viridis/inferno interpolate
// matplotlib's colours at ten evenly spaced anchors; turbo is Google's published degree-5
// polynomial fit (Mikhailov 2019).

export const COLORMAP_NAMES = ['jet', 'turbo', 'viridis', 'inferno', 'hot', 'gray'] as const
export type ColormapName = (typeof COLORMAP_NAMES)[number]

export type Rgb = [number, number, number]

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x)
const to255 = (x: number): number => Math.round(clamp01(x) * 255)

function jet(v: number): Rgb {
  return [to255(1.5 - Math.abs(4 * v - 3)), to255(1.5 - Math.abs(4 * v - 2)), to255(1.5 - Math.abs(4 * v - 1))]
}

function hot(v: number): Rgb {
  return [to255((8 * v) / 3), to255((8 * v) / 3 - 1), to255(4 * v - 3)]
}

function gray(v: number): Rgb {
  const g = to255(v)
  return [g, g, g]
}

// coefficients of 1, x, …, x⁵ per channel
const TURBO_COEFFS: readonly (readonly number[])[] = [
  [0.13572138, 4.6153926, -42.66032258, 132.13108234, -152.94239396, 59.28637943],
  [0.09140261, 2.19418839, 4.84296658, -14.18503333, 4.27729857, 2.82956604],
  [0.1066733, 12.64194608, -60.58204836, 110.36276771, -89.90310912, 27.34824973]
]

function turbo(v: number): Rgb {
  const x = clamp01(v)
  const channel = (c: readonly number[]): number =>
    to255(c[0] + x * (c[1] + x * (c[2] + x * (c[3] + x * (c[4] + x * c[5])))))
  return [channel(TURBO_COEFFS[0]), channel(TURBO_COEFFS[1]), channel(TURBO_COEFFS[2])]
}

function hexAnchors(hex: readonly string[]): Rgb[] {
  return hex.map((h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)])
}

// matplotlib's viridis / inferno sampled at linspace(0, 1, 10)
const VIRIDIS = hexAnchors([
  '#440154', '#482878', '#3e4a89', '#31688e', '#26828e',
  '#1f9e89', '#35b779', '#6dcd59', '#b4de2c', '#fde725'
])
const INFERNO = hexAnchors([
  '#000004', '#1b0c42', '#4b0c6b', '#781c6d', '#a52c60',
  '#cf4446', '#ed6925', '#fb9a06', '#f7d03c', '#fcffa4'
])

function interpolateAnchors(anchors: readonly Rgb[], v: number): Rgb {
  const pos = clamp01(v) * (anchors.length - 1)
  const lo = Math.min(Math.floor(pos), anchors.length - 2)
  const f = pos - lo
  const a = anchors[lo]
  const b = anchors[lo + 1]
  return [
    Math.round(a[0] + (b[0] - a[0]) * f),
    Math.round(a[1] + (b[1] - a[1]) * f),
    Math.round(a[2] + (b[2] - a[2]) * f)
  ]
}

const COLORMAP_FUNCTIONS: Record<ColormapName, (v: number) => Rgb> = {
  jet,
  turbo,
  viridis: (v) => interpolateAnchors(VIRIDIS, v),
  inferno: (v) => interpolateAnchors(INFERNO, v),
  hot,
  gray
}

export function isColormapName(name: string): name is ColormapName {
  return (COLORMAP_NAMES as readonly string[]).includes(name)
}

/** Colour of a normalised value v∈[0,1] (values outside are clamped). */
export function colormapRgb(name: ColormapName, v: number): Rgb {
  return COLORMAP_FUNCTIONS[name](clamp01(v))
}

const lutCache = new Map<ColormapName, Uint8Array>()

/** 256×3 lookup table (r,g,b per 8-bit map value); built once per name. */
export function colormapLut(name: ColormapName): Uint8Array {
  const cached = lutCache.get(name)
  if (cached) return cached
  const lut = new Uint8Array(256 * 3)
  for (let i = 0; i < 256; i++) {
    const [r, g, b] = colormapRgb(name, i / 255)
    lut[i * 3] = r
    lut[i * 3 + 1] = g
    lut[i * 3 + 2] = b
  }
  lutCache.set(name, lut)
  return lut
}

/** CSS linear-gradient for a colour bar. */
export function colormapGradientCss(name: ColormapName, stops = 11): string {
  const parts: string[] = []
  for (let i = 0; i < stops; i++) {
    const t = i / (stops - 1)
    const [r, g, b] = colormapRgb(name, t)
    parts.push(`rgb(${r},${g},${b}) ${Math.round(t * 100)}%`)
  }
  return `linear-gradient(to right, ${parts.join(', ')})`
}
