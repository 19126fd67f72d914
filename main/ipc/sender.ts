/**
 * Whether an IPC message comes from the app's own page: the packaged renderer (file:// inside the app)
 * or, in development, the Vite dev server. Anything else (a navigated-away frame, an iframe, a devtools
 * extension page) is refused before its payload is looked at.
 */
export function isTrustedRendererUrl(url: string | undefined, rendererUrl: string): boolean {
  if (!url) return false;
  let from: URL;
  let app: URL;
  try {
    from = new URL(url);
    app = new URL(rendererUrl);
  } catch {
    return false;
  }
  if (app.protocol === 'file:') return from.protocol === 'file:' && decodeURIComponent(from.pathname) === decodeURIComponent(app.pathname);
  return from.origin === app.origin;
}
