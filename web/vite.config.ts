import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// `npm run dev` serves the app on :5173 and sends /graphql (HTTP and WebSocket) to a
// `kinerja serve` on 127.0.0.1:8000 (KINERJA_API=http://host:port for another), so the app
// runs same-origin as in production. `vite preview` uses the same proxy.
const api = process.env.KINERJA_API ?? 'http://127.0.0.1:8000';

export default defineConfig({
  plugins: [preact()],
  server: {
    proxy: {
      '/graphql': { target: api, ws: true, changeOrigin: false },
      '/evidence': { target: api },
    },
  },
  build: { outDir: 'dist', sourcemap: false, target: 'es2022' },
});
