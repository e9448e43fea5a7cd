import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Fontsource's CSS lists a .woff fallback beside every .woff2 piece; Chromium (Electron,
 * and any browser the web shell serves) always takes the woff2, so the fallbacks would
 * only add ~9 MB to the installer. Dropped before Vite collects the font files.
 */
function woff2Only(): Plugin {
  return {
    name: 'xunlian-woff2-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/@fontsource[\\/].*\.css$/.test(id)) return null;
      return { code: code.replace(/,\s*url\([^)]*\.woff\)\s*format\('woff'\)/g, ''), map: null };
    },
  };
}

export default defineConfig({
  root: 'renderer',
  base: '/',
  plugins: [woff2Only(), react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    sourcemap: false,
  },
});
