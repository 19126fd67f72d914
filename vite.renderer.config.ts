import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { contentSecurityPolicy } from './main/app/csp.ts';

/** Puts the Content-Security-Policy into the page itself, so it holds under file://, the dev server and the dev bridge alike. */
function csp(dev: boolean): Plugin {
  return {
    name: 'callcue-csp',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy(dev) }, injectTo: 'head-prepend' }],
  };
}

export default defineConfig(({ command }) => ({
  root: path.join(import.meta.dirname, 'renderer'),
  base: './',
  // Loaded from the app's own disk, not a network: the web-oriented 500 kB chunk warning does not apply.
  build: { outDir: path.join(import.meta.dirname, '.vite', 'renderer', 'main_window'), emptyOutDir: true, target: 'chrome130', chunkSizeWarningLimit: 2048 },
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [csp(command === 'serve')],
}));
