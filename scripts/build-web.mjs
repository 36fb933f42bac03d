// Builds the app folder a static host serves: web/dist/.
//
//   node scripts/build-web.mjs [--wasm-dir build-wasm] [--out web/dist]
//
// esbuild bundles the page (web/app/main.js) and the worker
// (web/worker/worker.js, with the Emscripten loader) from shared ES
// modules; every asset gets a content hash in its name, so a new version
// never mixes with a cached old one. Chunks loaded later (the dashboard's
// charts, the XLSX reader) are split out. index.html, the service worker
// and the web app manifest keep fixed names. The build prints the gzip size
// of every asset and writes web/dist/build-manifest.json.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const wasmDir = resolve(root, arg('--wasm-dir', 'build-wasm'));
const out = resolve(root, arg('--out', join('web', 'dist')));
const assets = join(out, 'assets');
const web = join(root, 'web');

const hash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 10);

for (const f of ['genjin-core.js', 'genjin-core.wasm']) {
  if (!existsSync(join(wasmDir, f))) throw new Error(`${join(wasmDir, f)} is missing: build the WASM module first (scripts/build.sh)`);
}
rmSync(assets, { recursive: true, force: true });
mkdirSync(assets, { recursive: true });

// The WASM module, under its content hash.
const wasm = readFileSync(join(wasmDir, 'genjin-core.wasm'));
const wasmName = `genjin-core-${hash(wasm)}.wasm`;
writeFileSync(join(assets, wasmName), wasm);

const common = {
  bundle: true, format: 'esm', splitting: true, platform: 'browser', target: 'es2020',
  minify: true, sourcemap: false, metafile: true, outdir: assets, write: true,
  entryNames: '[name]-[hash]', chunkNames: '[name]-[hash]', assetNames: '[name]-[hash]',
  legalComments: 'none', logLevel: 'warning',
};

// The worker: the Emscripten loader's node branch requires fs and path; it
// never runs in a browser, so they stay unresolved.
const worker = await build({
  ...common,
  entryPoints: { worker: join(web, 'worker', 'worker.js') },
  alias: { 'genjin-core-loader': join(wasmDir, 'genjin-core.js') },
  external: ['fs', 'path'],
  define: { GENJIN_WASM_URL: JSON.stringify(`./${wasmName}`) },
});
const workerFile = entryOutput(worker, 'web/worker/worker.js');

// The page, and its stylesheets.
const page = await build({
  ...common,
  entryPoints: { app: join(web, 'app', 'main.js'), style: join(web, 'styles', 'app.css') },
  define: { GENJIN_WORKER_URL: JSON.stringify(`./assets/${workerFile}`) },
  loader: { '.svg': 'file' },
});
const appFile = entryOutput(page, 'web/app/main.js');
const cssFile = entryOutput(page, 'web/styles/app.css');

// Fixed-name files: the page, its icons and the app manifest.
const html = readFileSync(join(web, 'index.html'), 'utf8')
  .replace('%APP_JS%', `./assets/${appFile}`)
  .replace('%APP_CSS%', `./assets/${cssFile}`);
writeFileSync(join(out, 'index.html'), html);
for (const f of readdirSync(join(web, 'static'))) copyFileSync(join(web, 'static', f), join(out, f));

// Every file of the app, with raw and gzip sizes: the service worker's
// precache list and the size report.
const files = [];
const walk = (dir) => {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) walk(p);
    else files.push(p);
  }
};
walk(out);
const ENGINE_ONLY = new Set(['genjin-core.js', 'genjin-core.wasm', 'genjin-sql.js', 'worker.genjin-sql.js', 'build-manifest.json', 'sw.js']);
const entries = files
  .map((p) => relative(out, p).split('\\').join('/'))
  .filter((p) => !ENGINE_ONLY.has(p))
  .sort()
  .map((p) => {
    const bytes = readFileSync(join(out, p));
    return { path: p, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
// What a first visit loads: the page's entry and the chunks it imports
// statically, the worker (and its chunks), the WASM module, the styles and
// the fixed files; chunks reached only through import() (the dashboard,
// the report, the chart library, the XLSX reader) are lazy.
const eager = new Set();
const follow = (meta, file) => {
  const key = `${relative(root, assets).split('\\').join('/')}/${file}`;
  if (eager.has(file) || !meta.outputs[key]) return;
  eager.add(file);
  for (const imp of meta.outputs[key].imports) {
    if (imp.kind === 'import-statement') follow(meta, imp.path.split('/').pop());
  }
};
follow(page.metafile, appFile);
follow(worker.metafile, workerFile);
const lazy = (p) => p.startsWith('assets/') && p.endsWith('.js') && !eager.has(p.slice('assets/'.length));
const version = hash(Buffer.from(entries.map((e) => `${e.path}:${e.bytes}`).join('\n')));
const manifest = { version, app: appFile, worker: workerFile, wasm: wasmName, css: cssFile, files: entries };
writeFileSync(join(out, 'build-manifest.json'), JSON.stringify(manifest, null, 2) + '\n');

// The service worker: precaches every file of this version (sw.js keeps
// its name so the browser finds the new version on the next visit).
const sw = readFileSync(join(web, 'worker', 'sw.js'), 'utf8')
  .replace('%VERSION%', version)
  .replace('%PRECACHE%', JSON.stringify(['./', ...entries.map((e) => `./${e.path}`)]));
writeFileSync(join(out, 'sw.js'), sw);

let total = 0;
let first = 0;
console.log('build-web: asset                                     raw KB   gzip KB');
for (const e of entries) {
  total += e.gzip;
  if (!lazy(e.path) && !e.path.startsWith('icon')) first += e.gzip;
  console.log(`build-web: ${e.path.padEnd(40)} ${(e.bytes / 1024).toFixed(1).padStart(8)} ${(e.gzip / 1024).toFixed(1).padStart(8)}`);
}
console.log(`build-web: all assets ${(total / 1024).toFixed(1)} KB gzip; first load (without lazy chunks) ${(first / 1024).toFixed(1)} KB gzip; version ${version}`);

/* The output file of an entry point, from esbuild's metafile. */
function entryOutput(result, entry) {
  for (const [file, o] of Object.entries(result.metafile.outputs)) {
    if (o.entryPoint === entry) return relative(assets, resolve(root, file)).split('\\').join('/');
  }
  throw new Error(`no output for ${entry}`);
}
