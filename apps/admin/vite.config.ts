import { defineConfig } from 'vite';

/** The admin page: index.html + src/main.ts, built to dist/ and served by `buildAdminServer`. */
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: { host: '127.0.0.1' },
});
