export {
  createBrowserPool,
  type BrowserPool,
  type BrowserPoolOptions,
  type PoolLogger,
} from './browser-pool';
export { renderPdf, type RenderPdfInput } from './render-pdf';
