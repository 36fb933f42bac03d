// Shared by scripts/bench-metrics-wasm.mjs and bench-metrics-sqljs.mjs: the
// summary line of one size (median and minimum of the runs, per op).
import path from 'node:path';

export function median(v) {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/* labels: op names; cold/warm: per op (plus a last entry for the total)
 * the times of each run. */
export function summary(file, system, runs, labels, cold, warm, extra) {
  const size = (path.basename(file).match(/bench-(\w+)\.db$/) || [null, path.basename(file)])[1];
  const ops = labels.concat(['total']).map((op, i) => ({
    op,
    cold_ms: +median(cold[i]).toFixed(2),
    cold_min_ms: +Math.min(...cold[i]).toFixed(2),
    warm_ms: +median(warm[i]).toFixed(2),
    warm_min_ms: +Math.min(...warm[i]).toFixed(2),
  }));
  return JSON.stringify({ size, system, runs, ...(extra || {}), ops });
}
