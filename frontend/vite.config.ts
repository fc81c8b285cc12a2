import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [sveltekit()],
  // `vite dev` talks to a server started with `npm run up` (its default port).
  server: { proxy: { '/api': 'http://127.0.0.1:8000', '/graphql': { target: 'ws://127.0.0.1:8000', ws: true } } },
  test: { include: ['src/**/*.test.ts'] },
});
