import { defineConfig } from 'vite';

/**
 * The admin page: index.html → src/main.ts → Lit elements in src/ui, built to dist/ (Vite's defaults) and served
 * with GET /config.json by `buildAdminServer`. Source maps help read a stack from the browser console.
 */
export default defineConfig({
  build: { sourcemap: true },
});
