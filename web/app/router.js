/*
 * The hash router: every screen has an address that survives a reload and
 * can be bookmarked or sent to a teammate: #/customers/42, #/today,
 * #/dashboard?from=2025-05-01&to=2025-06-01&by=rep. The route is a signal;
 * only the page it names renders.
 */
import { signal } from '@preact/signals';

/* "#/customers/42?q=x" → {page: "customers", parts: ["customers", "42"],
 * query: {q: "x"}, path: "/customers/42"}. */
export function parseHash(hash) {
  const raw = (hash || '').replace(/^#/, '');
  const [pathPart, queryPart = ''] = raw.split('?');
  const parts = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  const query = Object.fromEntries(new URLSearchParams(queryPart));
  return { page: parts[0] || '', parts, query, path: `/${parts.join('/')}` };
}

export const route = signal(parseHash(location.hash));
window.addEventListener('hashchange', () => { route.value = parseHash(location.hash); });

/* The address of `path` with `query` (values null/''/undefined left out). */
export function href(path, query) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== null && v !== undefined && v !== '') qs.set(k, String(v));
  }
  const s = qs.toString();
  return `#${path}${s ? `?${s}` : ''}`;
}

/* Goes to `path`; replace: true changes the address without a history
 * entry (a filter typed into a list). */
export function navigate(path, query, { replace = false } = {}) {
  const target = href(path, query);
  if (replace) {
    history.replaceState(null, '', target);
    route.value = parseHash(target);
  } else {
    location.hash = target;
  }
}
