import { defineConfig } from 'vite';
import { runtimeNativeModules } from './native/modules.ts';

// Forge supplies the entry and CommonJS output; native modules stay external and are copied into the package.
export default defineConfig({
  build: { rollupOptions: { external: [...runtimeNativeModules] } },
});
