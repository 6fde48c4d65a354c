import { defineConfig } from 'vite';

/**
 * The browser app: index.html → src/main.ts → Lit elements in src/ui. `npm run build` writes dist/, which
 * `buildClientServer` serves together with GET /config.json. Decorator settings come from tsconfig.json.
 */
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
});
