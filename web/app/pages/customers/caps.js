/*
 * What this database's core can do for the customer list, asked once per
 * page load: a filter key or an op the core does not know is refused
 * (bad_request for an unknown op, invalid for an unknown filter), and the
 * page then hides the control that would need it instead of failing when
 * it is used. A probe never writes: a write op is sent without the
 * arguments it requires, so the core refuses it either way, and how it
 * refuses says whether the op exists.
 */
import { useEffect, useState } from 'preact/hooks';
import { useStore } from '../../ui/context.js';

const FILTER_PROBES = {
  tags: { tags: 'x' },
  no_followup_days: { no_followup_days: 30 },
  abc_tier: { abc_tier: 'A' },
  rfm_segment: { rfm_segment: 'champions' },
  id_in: { id: { in: [0] } },
};
const OPS = ['customers.bulk_update', 'customers.duplicates', 'customers.merge', 'customers.claim'];

const asked = new WeakMap(); // store → promise of its capabilities

async function probe(store) {
  // After the list's first page has been asked for: the worker answers in order.
  await new Promise((resolve) => { setTimeout(resolve, 0); });
  const caps = { filters: {}, ops: {}, custom: {}, sort: {} };
  const accepts = (args) => store.read('customers.list', { limit: 1, ...args }).then(() => true, () => false);
  const jobs = Object.entries(FILTER_PROBES).map(async ([name, filter]) => { caps.filters[name] = await accepts({ filter }); });
  const custom = (store.schema.value.entities.customers.custom || []);
  for (const def of custom) {
    jobs.push(accepts({ filter: { [`custom.${def.key}`]: sampleValue(def) } }).then((ok) => { caps.custom[def.key] = ok; }));
  }
  jobs.push(accepts({ sort: '-last_followup_at' }).then((ok) => { caps.sort.last_followup_at = ok; }));
  for (const op of OPS) {
    jobs.push(store.read(op, {}).then(() => true, (e) => !(e.code === 'bad_request' && /unknown op/i.test(e.message || '')))
      .then((ok) => { caps.ops[op] = ok; }));
  }
  await Promise.all(jobs);
  return caps;
}

function sampleValue(def) {
  if (def.type === 'number') return 0;
  if (def.type === 'bool') return true;
  if (def.type === 'date') return '2000-01-01';
  if (def.type === 'select') return (def.options || [])[0] || 'x';
  return 'x';
}

/* The capabilities ({filters, custom, sort, ops}) or null while asking. */
export function useCaps() {
  const store = useStore();
  const [caps, setCaps] = useState(null);
  useEffect(() => {
    let live = true;
    if (!asked.has(store) || asked.get(store).schema !== store.schema.value) {
      asked.set(store, { schema: store.schema.value, promise: probe(store) });
    }
    asked.get(store).promise.then((c) => { if (live) setCaps(c); }, () => { if (live) setCaps({ filters: {}, ops: {}, custom: {}, sort: {} }); });
    return () => { live = false; };
  }, [store, store.schema.value]);
  return caps;
}
