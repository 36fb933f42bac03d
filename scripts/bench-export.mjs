// Memory of exporting in the WASM build under node: the whole-answer ops
// (export.json, export.csv) against the streaming export (core.js
// exportChunks, what the app's worker uses).
//
//   node scripts/bench-export.mjs [--dist DIR] DB...
//
// Each measurement runs in a module instance of its own, because WASM
// memory never shrinks: the heap size after the export is its peak. The
// database's pages are loaded into a "genjin-mem:" page store first (as
// the app does from IndexedDB); "base" is the heap with them loaded and
// the handle open, "peak" after the export. The streamed chunks are
// counted and dropped (the page makes them Blob parts). Prints one JSON
// line per DB and mode, sizes in MB, time in ms; and the process's peak
// RSS at the end (the whole run).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const { Core, Pages } = require(path.join(root, 'web', 'engine', 'core.js'));

const MODES = {
  'export.json (op)': (core) => core.callJson('{"op":"export.json"}').length,
  'json stream': (core) => stream(core, { format: 'json' }),
  'export.csv events (op)': (core) => core.callJson('{"op":"export.csv","args":{"kind":"events"}}').length,
  'csv stream events': (core) => stream(core, { format: 'csv', kind: 'events' }),
};

function stream(core, options) {
  let bytes = 0;
  for (const chunk of core.exportChunks(options)) bytes += chunk.length;
  return bytes;
}

const mb = (n) => Math.round((n / 1048576) * 10) / 10;

async function measure(factory, wasmBinary, bytes, run) {
  const m = await factory({ wasmBinary });
  const pages = new Pages(m, 'genjin-mem:bench-export');
  const size = ((bytes[16] << 8) | bytes[17]) === 1 ? 65536 : (bytes[16] << 8) | bytes[17];
  for (let p = 1; p * size <= bytes.length; p++) pages.load(p, bytes.subarray((p - 1) * size, p * size));
  pages.setCount(Math.floor(bytes.length / size));
  const core = new Core(m, 'genjin-mem:bench-export');
  const base = m.HEAPU8.length;
  const t0 = performance.now();
  let out;
  let error = null;
  try {
    out = run(core);
  } catch (e) {
    error = `${e.code}: ${e.message}`;
  }
  const ms = Math.round(performance.now() - t0);
  const peak = m.HEAPU8.length;
  core.close();
  pages.drop();
  return { base_mb: mb(base), peak_mb: mb(peak), grew_mb: mb(peak - base), out_mb: out ? mb(out) : null, ms, error };
}

async function main() {
  let dist = path.join(root, 'web', 'dist');
  const dbs = [];
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--dist') dist = argv[++i];
    else dbs.push(argv[i]);
  }
  if (!dbs.length) {
    console.error('usage: bench-export.mjs [--dist DIR] DB...');
    process.exit(2);
  }
  const factory = require(path.join(dist, 'genjin-core.js'));
  const wasmBinary = fs.readFileSync(path.join(dist, 'genjin-core.wasm'));
  for (const db of dbs) {
    const bytes = new Uint8Array(fs.readFileSync(db));
    for (const [mode, run] of Object.entries(MODES)) {
      const r = await measure(factory, wasmBinary, bytes, run);
      console.log(JSON.stringify({ db: path.basename(db), file_mb: mb(bytes.length), mode, ...r }));
    }
  }
  console.log(JSON.stringify({ max_rss_mb: mb(process.resourceUsage().maxRSS * 1024) }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
