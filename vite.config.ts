// The web app: React + Vite, built into web/dist and served by the Tandem server at /.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'web',
  plugins: [react()],
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
