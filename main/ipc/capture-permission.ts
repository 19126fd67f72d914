import { isTrustedRendererUrl } from './sender.ts';

/**
 * The only permissions the app grants: sound capture for a call, asked by the app's own page. `media` for audio
 * alone (an input device through Chromium), `display-capture` for the PC's sound output (loopback; the screen's
 * video is dropped at once). Cameras, notifications, geolocation and anything asked by another page are refused.
 */
export function mayCapture(permission: string, details: { requestingUrl?: string; mediaTypes?: string[] }, rendererUrl: string): boolean {
  if (!isTrustedRendererUrl(details.requestingUrl, rendererUrl)) return false;
  if (permission === 'display-capture') return true;
  return permission === 'media' && (details.mediaTypes ?? []).length > 0 && (details.mediaTypes ?? []).every((t) => t === 'audio');
}
