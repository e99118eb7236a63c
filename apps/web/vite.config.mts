import { defineConfig } from 'vite';

// Run from the repository root (`npm run build:web`): the app lives in
// apps/web and is built into dist/web, which the API serves at `/`.
// The dev server (npm run dev) forwards the API's paths to the API on PORT.
const api = `http://localhost:${process.env.PORT ?? 3000}`;

export default defineConfig({
  root: 'apps/web',
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      // Component libraries mark their modules "use client"; a single-page app has no server components.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: { proxy: { '/api': api, '/health': api } },
});
