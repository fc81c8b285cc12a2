import { stat } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_DIR } from '../common/config.js';
import { sendText } from '../common/replies.js';

/** Paths that belong to the API: an unknown one is a JSON 404, never the app. */
const API_PATH = /^\/(api|graphql)(\/|$)/;
/** Vite's content-hashed files: a new build gets new names, so a browser may keep these forever. */
const IMMUTABLE_PATH = /^\/_app\/immutable\//;
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html and the rest are revalidated on each load, so a new build is picked up at once. */
const REVALIDATE = 'no-cache';

const NOT_BUILT =
  'The Runnel app is not built: run `npm run build` in the repository, then reload this page. ' +
  'The API is available under /api (documentation at /api/docs).\n';

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The file under `root` a URL path names, or undefined when it names none or escapes `root`. */
function fileOf(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const file = normalize(join(root, decoded));
  return file.startsWith(root) ? file : undefined;
}

/**
 * Serves the single-page app at `/`: a file of the build when the path names one, else
 * index.html, so a deep link (`/runs/abc`) works on reload and the app's router takes over.
 * The API's paths are left to Nest, whose 404 stays JSON. A missing hashed asset is a 404 too:
 * an HTML page in place of a script would only confuse the browser after a redeploy.
 */
export async function serveApp(app: NestFastifyApplication, dir = APP_DIR): Promise<void> {
  const root = dir.endsWith(sep) ? dir : dir + sep;
  const fastify = app.getHttpAdapter().getInstance();
  // serve: false — only reply.sendFile(); routing is ours, below.
  await app.register(fastifyStatic, { root, serve: false });
  fastify.get('/*', async (req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?')[0]!;
    if (API_PATH.test(path)) return reply.callNotFound();
    if (!(await isFile(join(root, 'index.html')))) {
      reply.header('cache-control', 'no-store');
      return sendText(reply, 503, NOT_BUILT);
    }
    const file = fileOf(root, path);
    if (file && (await isFile(file))) {
      const cache = IMMUTABLE_PATH.test(path) ? IMMUTABLE : REVALIDATE;
      return reply.header('cache-control', cache).sendFile(file.slice(root.length), { cacheControl: false });
    }
    if (IMMUTABLE_PATH.test(path)) return reply.callNotFound();
    return reply.header('cache-control', REVALIDATE).sendFile('index.html', { cacheControl: false });
  });
}
