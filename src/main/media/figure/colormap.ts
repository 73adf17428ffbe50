// The viewer's colour maps, ported from renderer/src/lib/colormaps.ts (main must not import the
// renderer): same definitions, so a figure's colours match the screen byte for byte.
// jet/hot/gray are MATLAB's piecewise-linear maps, viridis/inferno interpolate matplotlib at ten
// anchors, turbo is Google's degree-5 polynomial fit.

export const FIGURE_COLORMAPS = ['jet', 'turbo', 'viridis', 'inferno', 'hot', 'gray'] as const
export type FigureColormap = (typeof FIGURE_COLORMAPS)[number]

type Rgb = [number, number, number]

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

const TURBO: readonly (readonly number[])[] = [
  [0.13572138, 4.6153926, -42.66032258, 132.13108234, -152.94239396, 59.28637943],
  [0.09140261, 2.19418839, 4.84296658, -14.18503333, 4.27729857, 2.82956604],
  [0.1066733, 12.64194608, -60.58204836, 110.36276771, -89.90310912, 27.34824973]
]

function turbo(v: number): Rgb {
  const poly = (c: readonly number[]): number => to255(c[0] + v * (c[1] + v * (c[2] + v * (c[3] + v * (c[4] + v * c[5])))))
  return [poly(TURBO[0]), poly(TURBO[1]), poly(TURBO[2])]
}

function anchors(hex: readonly string[]): Rgb[] {
  return hex.map((h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)])
}

// matplotlib's maps sampled at linspace(0, 1, 10)
const VIRIDIS = anchors(['#440154', '#482878', '#3e4a89', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6dcd59', '#b4de2c', '#fde725'])
const INFERNO = anchors(['#000004', '#1b0c42', '#4b0c6b', '#781c6d', '#a52c60', '#cf4446', '#ed6925', '#fb9a06', '#f7d03c', '#fcffa4'])

function interpolate(points: readonly Rgb[], v: number): Rgb {
  const pos = v * (points.length - 1)
  const lo = Math.min(Math.floor(pos), points.length - 2)
  const f = pos - lo
  const a = points[lo]
  const b = points[lo + 1]
  return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f)]
}

const FUNCTIONS: Record<FigureColormap, (v: number) => Rgb> = {
  jet,
  turbo,
  viridis: (v) => interpolate(VIRIDIS, v),
  inferno: (v) => interpolate(INFERNO, v),
  hot,
  gray
}

export function isFigureColormap(name: unknown): name is FigureColormap {
  return typeof name === 'string' && (FIGURE_COLORMAPS as readonly string[]).includes(name)
}

const luts = new Map<FigureColormap, Uint8Array>()

/** 256×3 table: the colour of map value i is lut[3i..3i+2]; built once per name. */
export function figureColormapLut(name: FigureColormap): Uint8Array {
  const cached = luts.get(name)
  if (cached) return cached
  const lut = new Uint8Array(256 * 3)
  for (let i = 0; i < 256; i++) lut.set(FUNCTIONS[name](i / 255), i * 3)
  luts.set(name, lut)
  return lut
}
