// Builds the renderer (src/renderer) to dist/renderer. Relative base so the same files load from
// app://daiban/ (Electron) and http://127.0.0.1:port/ (browser host).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'src/renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    chunkSizeWarningLimit: 3000,
    modulePreload: { polyfill: false },
  },
});
