/* global document, window, navigator, performance, requestAnimationFrame, PerformanceObserver */
/**
 * Measures the run-view components in a real browser, against the built app (`npm run build`):
 * - 5 MB of ANSI logs appended to the LogView on /dev/logs, then the time of interactions on it
 *   (scroll to the middle, click "Follow", which jumps to the end);
 * - gzip size of the first page's JavaScript and of the lazily loaded CodeMirror chunks, and that
 *   pages without an editor request none of them;
 * - screenshots of the demo pages at 1280 and 390 px, with a check for horizontal overflow.
 * The /dev/* demo pages are not part of the app: they are built here from tests/fixtures/demos
 * (its own Vite config) into a temporary folder and served apart from the app's build.
 *
 * Run: npm run build -w frontend && node frontend/scripts/app-logs.mjs
 * Env: CHROMIUM (default /usr/bin/chromium), SCREENSHOTS (default $TMPDIR/runnel-dev-screens).
 */
import { readFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, dirname, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { build as buildDemos } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const build = join(root, 'build');
const demos = mkdtempSync(join(tmpdir(), 'runnel-demos-'));
await buildDemos({
  configFile: join(root, 'tests/fixtures/demos/vite.config.ts'),
  build: { outDir: demos },
  logLevel: 'warn',
});
const manifestPath = join(demos, '.vite/manifest.json');
const shots = process.env.SCREENSHOTS ?? join(tmpdir(), 'runnel-dev-screens');
const types = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.json': 'application/json' };

/** A build as the Runnel server serves the app: its files, index.html for any other path. */
function serve(build) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    let file = join(build, path);
    if (!existsSync(file) || !extname(file)) file = join(build, 'index.html');
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const gzip = (file, dir = demos) => gzipSync(readFileSync(join(dir, file))).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** CodeMirror's chunks: codemirror.ts's chunk, what it imports, and the grammars it loads. */
function editorFiles() {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const files = new Set();
  const visit = (key) => {
    const entry = manifest[key];
    // The demos' entry holds Svelte's runtime, which the editor imports: not the editor's own.
    if (!entry || entry.isEntry || files.has(entry.file)) return;
    files.add(entry.file);
    for (const k of [...(entry.imports ?? []), ...(entry.dynamicImports ?? [])]) visit(k);
  };
  visit('../../../src/lib/editor/codemirror.ts');
  return files;
}

/** JavaScript files a page requests until it is idle. */
async function scriptsOf(browser, url, ready) {
  const page = await browser.newPage();
  const files = new Set();
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname.slice(1);
    if (path.endsWith('.js')) files.add(path);
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  if (ready) await ready(page);
  await page.close();
  return files;
}

const sum = (files, dir = demos) => [...files].reduce((n, f) => n + gzip(f, dir), 0);

async function main() {
  const appServer = await serve(build);
  const server = await serve(demos);
  const app = `http://127.0.0.1:${appServer.address().port}`;
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
  try {
    // --- JavaScript sizes: the editor must be a separate download.
    const editor = editorFiles();
    const first = await scriptsOf(browser, `${app}/`);
    const demoIndex = await scriptsOf(browser, `${base}/`);
    const logsPage = await scriptsOf(browser, `${base}/dev/logs`);
    const editorPage = await scriptsOf(browser, `${base}/dev/editor`, (p) =>
      p.getByRole('textbox', { name: 'Code' }).waitFor(),
    );
    // A chunk every demo loads anyway (Svelte's runtime) is shared, not the editor's.
    for (const f of demoIndex) editor.delete(f);
    const leaked = [...logsPage].filter((f) => editor.has(f));
    const editorLoaded = [...editorPage].filter((f) => editor.has(f));
    console.log(`first page (/) JavaScript: ${kb(sum(first, build))} gzip in ${first.size} files`);
    console.log(`editor-only chunks (CodeMirror, all grammars): ${kb(sum(editor))} gzip in ${editor.size} files`);
    console.log(`/dev/editor (Python) fetched ${kb(sum(editorLoaded))} gzip of them after mounting the editor`);
    console.log(`editor chunks requested by /dev/logs: ${leaked.length === 0 ? 'none' : leaked.join(', ')}`);

    // --- 5 MB of logs.
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${base}/dev/logs`);
    await page.evaluate(() => {
      window.__events = [];
      new PerformanceObserver((list) => window.__events.push(...list.getEntries())).observe({
        type: 'event',
        durationThreshold: 16,
      });
    });
    await page.getByRole('button', { name: 'Append 5 MB' }).click();
    const appended = await page.getByRole('status').filter({ hasText: 'Appended' }).textContent();
    const meta = await page.locator('.meta').textContent();
    console.log(`logs: ${meta}; ${appended}`);
    const rendered = await page.locator('.line').count();
    console.log(`rows in the DOM: ${rendered}`);

    const scroller = page.getByRole('region', { name: 'Logs' }).locator('.scroller');
    const scrollMs = await scroller.evaluate(
      (el) =>
        new Promise((resolve) => {
          const t0 = performance.now();
          el.scrollTop = el.scrollHeight / 2;
          requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
        }),
    );
    const middle = await page.locator('.line .n').first().textContent();
    console.log(`scroll to the middle → rows drawn from line ${middle} in ${scrollMs.toFixed(1)} ms`);

    // A real click through the input pipeline; the page times it to the next painted frame.
    await page.evaluate(() => {
      window.__events = [];
      document.addEventListener(
        'click',
        () => {
          const t0 = performance.now();
          requestAnimationFrame(() => setTimeout(() => (window.__click = performance.now() - t0)));
        },
        { capture: true, once: true },
      );
    });
    await page.getByRole('button', { name: 'Follow' }).click();
    await page.waitForFunction(() => window.__click !== undefined);
    const clickMs = await page.evaluate(() => window.__click);
    const lastShown = await page.locator('.line .n').last().textContent();
    const slowest = await page.evaluate(() => Math.max(0, ...window.__events.map((e) => e.duration)));
    console.log(`click "Follow" → last line ${lastShown} shown, next frame after ${clickMs.toFixed(1)} ms`);
    console.log(
      `slowest input event during scroll and click (Event Timing, ≥16 ms reported): ${slowest ? `${slowest} ms` : 'none over 16 ms'}`,
    );

    // --- "Download log" saves the whole log; a tree node's "Copy" reaches the clipboard.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download log' }).click(),
    ]);
    const saved = readFileSync(await download.path(), 'utf8');
    console.log(`Download log: ${kb(saved.length)} saved, ${saved.split('\n').length - 1} lines`);
    const ctx = await browser.newContext();
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write']);
    const tree = await ctx.newPage();
    await tree.goto(`${base}/dev/result`);
    await tree.getByRole('button', { name: 'Copy user', exact: true }).click();
    const copied = await tree.evaluate(() => navigator.clipboard.readText());
    console.log(`Copy user → clipboard: ${JSON.stringify(copied)}`);
    await ctx.close();

    // --- The editor answers to typing, Ctrl-Enter and a language switch.
    const ed = await browser.newPage();
    await ed.goto(`${base}/dev/editor`);
    const code = ed.getByRole('textbox', { name: 'Code' });
    await code.click();
    await ed.keyboard.press('Control+End');
    await ed.keyboard.type('# typed\n');
    await ed.keyboard.press('Control+Enter');
    const status = await ed.getByRole('status').textContent();
    await ed.getByLabel('Language').selectOption('bash');
    await ed.locator('.cm-content', { hasText: 'echo' }).waitFor();
    const bashOk = (await code.textContent()).includes('echo "hello $name"');
    console.log(`editor: after typing and Ctrl-Enter the page says "${status}"; Bash template shown: ${bashOk}`);
    await ed.close();

    // --- The flow graph, editable: 200 steps open, then "Add step" inserts one (timed to the next frame).
    const graph = await browser.newPage();
    const openedAt = Date.now();
    await graph.goto(`${base}/dev/graph`);
    await graph.locator('[data-step-id="s1"]').waitFor();
    const openMs = Date.now() - openedAt;
    const addButtons = await graph.getByRole('button', { name: 'Add step' }).count();
    await graph.evaluate(() => {
      document.addEventListener(
        'click',
        () => {
          const t0 = performance.now();
          requestAnimationFrame(() => setTimeout(() => (window.__insert = performance.now() - t0)));
        },
        { capture: true, once: true },
      );
    });
    await graph.getByRole('button', { name: 'Add step' }).nth(1).click();
    await graph.locator('[data-step-id="added1"]').waitFor();
    await graph.waitForFunction(() => window.__insert !== undefined);
    const insertMs = await graph.evaluate(() => window.__insert);
    const inserted = await graph.getByRole('status').filter({ hasText: 'Inserted' }).textContent();
    console.log(
      `graph: 200 steps drawn ${openMs} ms after navigation (${addButtons} "Add step" buttons in view); ` +
        `"Add step" → new node, next frame after ${insertMs.toFixed(1)} ms (${inserted})`,
    );
    await graph.close();

    // --- Screenshots.
    mkdirSync(shots, { recursive: true });
    for (const width of [1280, 390]) {
      for (const scheme of ['light', 'dark']) {
        const p = await browser.newPage({ viewport: { width, height: 800 }, colorScheme: scheme });
        const shoot = async (name) => {
          const overflow = await p.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          if (overflow > 0) console.log(`OVERFLOW: ${name} at ${width}px is ${overflow}px too wide`);
          await p.screenshot({ path: join(shots, `${name}-${width}-${scheme}.png`), fullPage: true });
        };
        await p.goto(`${base}/dev/logs`);
        await p.getByRole('button', { name: 'Append 5 MB' }).click();
        await p.getByRole('status').filter({ hasText: 'Appended' }).waitFor();
        await shoot('logs');
        await p.getByLabel('As if the server capped it').check();
        await shoot('logs-capped');
        await p.goto(`${base}/dev/result`);
        await shoot('result-tree');
        await p.getByLabel('Sample').selectOption('Array of objects');
        await shoot('result-table');
        await p.getByLabel('Sample').selectOption('1 MB');
        await p.getByRole('button', { name: /rows/ }).first().click();
        await shoot('result-big');
        await p.goto(`${base}/dev/editor`);
        await p.getByRole('textbox', { name: 'Code' }).waitFor();
        await p.getByLabel('Show a parse error').check();
        await p.waitForTimeout(200);
        await shoot('editor');
        await p.close();
      }
    }
    console.log(`screenshots: ${shots}`);
  } finally {
    await browser.close();
    server.close();
    appServer.close();
    rmSync(demos, { recursive: true, force: true });
  }
}

await main();
