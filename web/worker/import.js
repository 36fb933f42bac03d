/*
 * The worker's side of a file import (the Data page): reads a File in
 * chunks, finds its encoding, and feeds UTF-8 bytes to the core's streaming
 * importer (core.importBegin, gj_import_* in genjin.h), yielding to the
 * event loop between chunks so progress goes out and a cancel can arrive.
 *
 * Encodings: UTF-8 with or without BOM, and GB18030/GBK as Chinese Excel
 * saves CSV ("CSV (逗号分隔)"), told apart by the core's rule
 * (detectEncoding); GB18030 is decoded here and re-encoded to UTF-8. XLSX files go
 * through read-excel-file (npm, loaded only when an XLSX file comes):
 * the first sheet becomes CSV text, dates as ISO text, numbers as numbers.
 *
 * All or nothing: the core holds one transaction from begin to finish;
 * cancel frees the importer before finish, which rolls it back.
 */
import GenjinCore from '../engine/core.js';

export const GenjinImport = (() => {
  const CHUNK = 1 << 20; // bytes read and fed per step
  const OPTIONS = ['kind', 'dry_run', 'create_missing_customers', 'create_missing_reps', 'duplicates', 'date_format', 'map',
    'custom_fields', 'max_errors'];
  const PREVIEW_BYTES = 256 * 1024; // enough for the header and the first rows

  /* Resolves after the events queued so far (a page message: cancel) ran.
   * A MessageChannel round trip, not setTimeout: timers nested this deep
   * are clamped to 4 ms each. */
  const tick = new MessageChannel();
  const waiting = [];
  // Under node (tests, benchmarks) a listening port keeps the process
  // alive: it is held only while a yield waits on it.
  const hold = (on) => { if (typeof tick.port1.ref === 'function') tick.port1[on ? 'ref' : 'unref'](); };
  tick.port1.onmessage = () => {
    waiting.shift()();
    if (!waiting.length) hold(false);
  };
  hold(false);
  function yieldToEvents() {
    return new Promise((resolve) => {
      waiting.push(resolve);
      hold(true);
      tick.port2.postMessage(0);
    });
  }

  /* An error of the file itself, with the reason key (and params) the page
   * shows in its language. */
  function fileError(code, message, reason, params) {
    return new GenjinCore.GenjinError(code, message, 'file', reason, params);
  }

  function cancelled() {
    return fileError('cancelled', '已取消导入，未写入任何数据 Import cancelled: nothing was written', 'import_cancelled');
  }

  const SNIFF = 64 * 1024; // the prefix the encoding is decided from

  /* "utf-8" or "gb18030" for the first bytes of a file, by the core's rule
   * (src/io/encoding.c): a BOM, or in the first 64 KiB more valid multibyte
   * UTF-8 sequences than bad bytes, is UTF-8 (the core then refuses a bad
   * byte naming its row and column), anything else GB18030. */
  function detectEncoding(first) {
    if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) return 'utf-8';
    const s = first.subarray(0, SNIFF);
    let good = 0;
    let bad = 0;
    for (let i = 0; i < s.length;) {
      const c = s[i];
      if (c < 0x80) { i++; continue; }
      const need = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
      if (i + need >= s.length) break; // cut by the end of the prefix
      let cp = c & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
      let ok = need > 0;
      for (let k = 1; ok && k <= need; k++) {
        ok = (s[i + k] & 0xc0) === 0x80;
        cp = (cp << 6) | (s[i + k] & 0x3f);
      }
      if (ok && need === 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ok = false;
      if (ok && need === 3 && (cp < 0x10000 || cp > 0x10ffff)) ok = false;
      if (ok) { good++; i += need + 1; } else { bad++; i++; }
    }
    return bad === 0 || good > bad ? 'utf-8' : 'gb18030';
  }

  /* The database grows by about twice the CSV's size (measured natively:
   * 100 MB of CSV, 192 MB of pages) and in the browser it lives in the
   * WASM heap, which cannot grow past its limit: a file the heap cannot
   * hold is refused before it is read, naming the size it can take. */
  const HEAP_PER_BYTE = 2;
  function checkRoom(core, file) {
    if (typeof core.heapRoom !== 'function') return;
    const room = core.heapRoom();
    if (file.size * HEAP_PER_BYTE <= room) return;
    const mb = (n) => Math.floor(n / (1024 * 1024));
    const maxMb = mb(room / HEAP_PER_BYTE);
    throw fileError('invalid', `文件太大 The file is ${mb(file.size)} MB; this workspace can import about ${maxMb} MB at once`,
      'file_too_large', { size_mb: mb(file.size), max_mb: maxMb });
  }

  function isXlsx(file, first) {
    // A zip archive ("PK\3\4") or the extension: a CSV never starts so.
    return /\.xlsx$/i.test(file.name || '') || (first[0] === 0x50 && first[1] === 0x4b && first[2] === 3 && first[3] === 4);
  }

  /* Async iterator of UTF-8 chunks of a CSV File (any encoding above);
   * state.encoding is set once the first chunk was read. */
  async function* csvChunks(file, state) {
    let decoder = null;
    const encoder = new TextEncoder();
    const read = (off) => {
      if (off >= file.size) return null;
      const p = file.slice(off, off + CHUNK).arrayBuffer();
      p.catch(() => {}); // awaited below; not unhandled when the import stops early
      return p;
    };
    let next = read(0);
    for (let off = 0; off < file.size; off += CHUNK) {
      const bytes = new Uint8Array(await next);
      next = read(off + CHUNK); // the browser reads it while the core parses this one
      if (off === 0) {
        state.encoding = detectEncoding(bytes);
        if (state.encoding !== 'utf-8') decoder = new TextDecoder(state.encoding);
      }
      state.bytes = Math.min(file.size, off + CHUNK);
      yield decoder ? encoder.encode(decoder.decode(bytes, { stream: true })) : bytes;
    }
    if (decoder) {
      const rest = decoder.decode();
      if (rest) yield encoder.encode(rest);
    }
  }

  /* --- XLSX --- */

  function pad(n, width = 2) {
    return String(n).padStart(width, '0');
  }

  /* An Excel date cell (read-excel-file gives a Date in UTC terms) as the
   * ISO text the API takes: the date alone when there is no time of day. */
  function isoDate(d) {
    const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    const h = d.getUTCHours();
    const m = d.getUTCMinutes();
    const s = d.getUTCSeconds();
    return h || m || s ? `${day} ${pad(h)}:${pad(m)}:${pad(s)}` : day;
  }

  function csvCell(v) {
    if (v == null) return '';
    let t;
    if (v instanceof Date) t = Number.isNaN(v.getTime()) ? '' : isoDate(v);
    else if (typeof v === 'number') t = Number.isFinite(v) ? String(v) : '';
    else t = String(v);
    return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  }

  /* The rows of a sheet as RFC 4180 CSV text (CRLF line ends). */
  function rowsToCsv(rows) {
    const lines = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) lines[i] = rows[i].map(csvCell).join(',');
    return lines.join('\r\n') + '\r\n';
  }

  async function xlsxRows(file) {
    let sheets;
    try {
      const { default: readXlsxFile } = await import('read-excel-file/web-worker');
      sheets = await readXlsxFile(file);
    } catch (e) {
      throw fileError('invalid', `无法读取 XLSX 文件 Cannot read the XLSX file: ${e.message}`, 'xlsx_unreadable', { error: e.message });
    }
    // read-excel-file 9 returns every sheet [{sheet, data}]; older ones rows.
    const first = Array.isArray(sheets) && sheets.length && sheets[0] && Array.isArray(sheets[0].data)
      ? sheets[0].data : sheets;
    if (!Array.isArray(first) || !first.length) {
      throw fileError('invalid', '工作表是空的 The first sheet is empty', 'sheet_empty');
    }
    return first;
  }

  async function* xlsxChunks(file, state) {
    const bytes = new TextEncoder().encode(rowsToCsv(await xlsxRows(file)));
    state.encoding = 'xlsx';
    for (let off = 0; off < bytes.length; off += CHUNK) {
      state.bytes = Math.round(file.size * Math.min(1, (off + CHUNK) / bytes.length));
      yield bytes.subarray(off, off + CHUNK);
    }
  }

  /*
   * Imports `file` into `core` (a GenjinCore.Core that may write). options:
   * the importer options (kind, dry_run, create_missing_customers,
   * create_missing_reps, duplicates, date_format, map, custom_fields). progress({rows, bytes, total}) is
   * called after each chunk; isCancelled() is asked after each yield.
   * Resolves to the importer's report (report.committed says whether
   * anything was written) with the file's encoding and the time taken;
   * rejects with a GenjinError (code "cancelled" after a cancel) having
   * written nothing.
   */
  async function run(core, file, options, progress, isCancelled) {
    const started = Date.now();
    if (!file || typeof file.slice !== 'function') {
      throw fileError('invalid', '请选择文件 Choose a file to import', 'no_file');
    }
    checkRoom(core, file);
    const opts = { encoding: 'utf-8' };
    for (const key of OPTIONS) if (options[key] != null) opts[key] = options[key];
    const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
    const state = { encoding: null, bytes: 0 };
    const chunks = isXlsx(file, head) ? xlsxChunks(file, state) : csvChunks(file, state);
    const importer = core.importBegin(opts);
    let done = false;
    let coreMs = 0; // time inside the core, for the benchmark
    try {
      for await (const chunk of chunks) {
        const t = performance.now();
        importer.feed(chunk);
        coreMs += performance.now() - t;
        progress({ rows: importer.rows(), bytes: state.bytes, total: file.size });
        await yieldToEvents();
        if (isCancelled()) throw cancelled();
      }
      done = true;
      const t = performance.now();
      const { report } = importer.finish();
      report.encoding = state.encoding;
      report.file = file.name || null;
      report.ms = Date.now() - started;
      report.core_ms = Math.round(coreMs + performance.now() - t);
      return report;
    } finally {
      if (!done) importer.cancel(); // rolls back: nothing written
    }
  }

  /*
   * The first rows of `file` for the import wizard: its encoding and the
   * core's import.preview of them (headers, rows, suggested targets),
   * through callPreview(args) (the core's "import.preview"). Reads only
   * the file's head (an XLSX file is read whole: a zip has no head).
   */
  async function preview(file, options, callPreview) {
    if (!file || typeof file.slice !== 'function') {
      throw fileError('invalid', '请选择文件 Choose a file to import', 'no_file');
    }
    const head = new Uint8Array(await file.slice(0, PREVIEW_BYTES).arrayBuffer());
    let text;
    let encoding;
    let rows = null;
    if (isXlsx(file, head)) {
      const all = await xlsxRows(file);
      text = rowsToCsv(all.slice(0, 21));
      encoding = 'xlsx';
      rows = all.length - 1;
    } else {
      encoding = detectEncoding(head);
      text = new TextDecoder(encoding).decode(head);
      // A head cut inside a row would show that row cut short.
      if (file.size > head.length && text.lastIndexOf('\n') > 0) text = text.slice(0, text.lastIndexOf('\n') + 1);
    }
    const args = { kind: options.kind || 'customers', text };
    if (options.map) args.map = options.map;
    const data = callPreview(args);
    return { ...data, encoding, file: file.name || null, size: file.size, total_rows: rows };
  }

  return { run, preview, detectEncoding, rowsToCsv, isoDate, HEAP_PER_BYTE };
})();
