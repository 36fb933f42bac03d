/*
 * The rows of the customer list, fetched by offset in pages of PAGE rows
 * as the table scrolls: the core sorts, filters and pages in SQL, so only
 * what is on screen crosses from the worker. A new query (search, filter,
 * sort) starts an empty cache; a write anywhere keeps the rows on screen
 * and fetches them again, so the list never blanks while it refreshes.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useStore } from '../../ui/context.js';

export const PAGE = 200;
const SETTLE_MS = 80;

/* {total, error, rowAt(i), onRange(first, last), loaded, answeredKey} for
 * customers.list with `args` ({filter, q, sort}). answeredKey is the query
 * whose first page is on screen (tests and the benchmark wait for it). */
export function useRowPages(args) {
  const store = useStore();
  const version = store.version.value;
  const key = JSON.stringify(args);
  const c = useRef({ key: null, gen: 0, pages: new Map(), fresh: new Set(), loading: new Set(), range: [0, PAGE] });
  const [state, setState] = useState({ total: null, error: null, answeredKey: null, tick: 0 });

  // Pages from..to (missing ones only) in one request: one count and one
  // scan in the core instead of one per page.
  const fetchPages = useCallback((from, to) => {
    const cache = c.current;
    // The table reports its range before this hook's first effect has set the query.
    if (cache.key === null) return;
    while (from <= to && (cache.fresh.has(from) || cache.loading.has(from))) from++;
    while (to >= from && (cache.fresh.has(to) || cache.loading.has(to))) to--;
    if (from > to) return;
    for (let p = from; p <= to; p++) cache.loading.add(p);
    const { gen, key: askedKey } = cache;
    const started = performance.now();
    const args = { ...JSON.parse(askedKey), limit: (to - from + 1) * PAGE, offset: from * PAGE };
    store.read('customers.list', args).then((data) => {
      if (cache.gen !== gen) return;
      for (let p = from; p <= to; p++) {
        cache.loading.delete(p);
        cache.pages.set(p, data.items.slice((p - from) * PAGE, (p - from + 1) * PAGE));
        cache.fresh.add(p);
      }
      // The time from asking to the answer, for scripts/bench-customers-browser.mjs.
      performance.measure(from === 0 ? 'genjin-customers-page' : 'genjin-customers-scroll', { start: started, end: performance.now() });
      setState((s) => ({ total: data.total, error: null, answeredKey: from === 0 ? askedKey : s.answeredKey, tick: s.tick + 1 }));
    }, (error) => {
      if (cache.gen !== gen) return;
      for (let p = from; p <= to; p++) cache.loading.delete(p);
      setState((s) => ({ ...s, error, answeredKey: askedKey, tick: s.tick + 1 }));
    });
  }, [store]);

  const ensure = useCallback(() => {
    const [first, last] = c.current.range;
    fetchPages(Math.floor(first / PAGE), Math.floor(Math.max(first, last - 1) / PAGE));
  }, [fetchPages]);

  // A new query: nothing cached is valid. A write: what is cached is shown
  // until its fresh copy arrives.
  useEffect(() => {
    const cache = c.current;
    const newQuery = cache.key !== key;
    cache.gen++;
    cache.key = key;
    cache.fresh = new Set();
    cache.loading = new Set();
    if (newQuery) {
      cache.pages = new Map();
      cache.range = [0, PAGE];
      setState((s) => ({ ...s, total: s.total, error: null }));
    }
    ensure();
  }, [key, version, ensure]);

  // Scrolling on from rows on screen fetches at once; a jump far away (the
  // scrollbar dragged) waits until the scrolling settles, so the core is
  // not asked for every page flown past.
  const onRange = useCallback((first, last) => {
    const cache = c.current;
    cache.range = [first, last];
    clearTimeout(cache.timer);
    const p = Math.floor(first / PAGE);
    const near = [p - 1, p, p + 1].some((x) => cache.pages.has(x) || cache.loading.has(x));
    if (near || cache.pages.size === 0) ensure();
    else cache.timer = setTimeout(ensure, SETTLE_MS);
  }, [ensure]);
  useEffect(() => () => clearTimeout(c.current.timer), []);

  const rowAt = (i) => {
    const page = c.current.pages.get(Math.floor(i / PAGE));
    return page ? page[i % PAGE] || null : null;
  };

  const loadedRows = () => [...c.current.pages.values()].flat();
  return { total: state.total, error: state.error, rowAt, onRange, loadedRows, answeredKey: state.answeredKey, key };
}
