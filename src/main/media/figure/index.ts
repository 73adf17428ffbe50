// Publication figures: frames × {ground truth, model maps per audio condition} as one PNG,
// in the viewer's colour maps, with no native or canvas dependency.
export { renderComparisonFigure, renderComparisonRaster, type RenderedFigure } from './render'
export { layoutFigure, type FigureLayout, type TextBox, type ColorbarTick } from './layout'
export { resolveFigure, type ResolvedFigure } from './validate'
export { FIGURE_COLORMAPS, figureColormapLut, isFigureColormap, type FigureColormap } from './colormap'
export type { FigureAlphaMode, FigureCell, FigureCellKind, FigureRow, FigureSpec, GrayMap, RgbImage } from './types'
