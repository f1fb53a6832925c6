// The web app: React + Vite, built into web/dist and served by the Tandem server at /.
import react from '@vitejs/plugin-react';
import { type Plugin, defineConfig } from 'vite';

/**
 * The chart code (a lazy chunk, web/src/components/chart-panel.tsx) is fetched with the app: the
 * server answers a report page's requests one query at a time, and a chunk asked for after the
 * first report waited behind the rest of them.
 */
function preloadCharts(): Plugin {
  return {
    name: 'preload-charts',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find(
          (c) => c.type === 'chunk' && c.name === 'bar-chart',
        );
        if (!chunk) return [];
        const href = `/${chunk.fileName}`;
        return [{ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href }, injectTo: 'head' }];
      },
    },
  };
}

export default defineConfig({
  root: 'web',
  plugins: [react(), preloadCharts()],
  // Maps are written for reading stack traces on the server, but not referenced from the bundle (the
  // server refuses to serve *.map): the app's source is not published.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: 'hidden' },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/v1': 'http://localhost:3000',
      '/healthz': 'http://localhost:3000',
    },
  },
});
