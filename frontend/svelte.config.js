import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** A single-page app: the server serves `build/` at `/` and answers every unknown page with index.html. */
export default {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: true }),
    // The API's types and client live once, in openapi/ (generated from openapi.json); the app imports them.
    alias: { $openapi: '../openapi/src' },
  },
};
