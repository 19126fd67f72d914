import { defineConfig } from 'vite';
import { runtimeNativeModules } from './native/modules.ts';

// Forge supplies the entry and CommonJS output; native modules stay external and are copied into the package.
// The main bundle is read once from disk at start-up; the web-oriented 500 kB chunk warning does not apply.
// pg-native is pg's optional native binding (not installed): left a real require, so `pg.native` reports it missing
// as pg expects (MODULE_NOT_FOUND) instead of a bundler stub that throws "Could not resolve".
export default defineConfig({
  build: { rollupOptions: { external: [...runtimeNativeModules, 'pg-native'] }, chunkSizeWarningLimit: 8192 },
});
