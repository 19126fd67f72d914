import { defineConfig } from 'vite';
import { runtimeNativeModules } from './native/modules.ts';

// Forge supplies the entry and CommonJS output; native modules stay external and are copied into the package.
// The main bundle is read once from disk at start-up; the web-oriented 500 kB chunk warning does not apply.
export default defineConfig({
  build: { rollupOptions: { external: [...runtimeNativeModules] }, chunkSizeWarningLimit: 8192 },
});
