import { defineConfig } from 'vite';

// Forge supplies the entry and the single-file CommonJS output a sandboxed preload needs.
export default defineConfig({});
