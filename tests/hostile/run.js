// Runs the hostile catalogue (catalogue.js) on one build of the core.
// client: {send(bytes) -> response text, hash() -> digest of the database
// file}. Returns {count, refused, accepted, failures: [text]}.
'use strict';
const { setup, cases } = require('./catalogue.js');

function parse(text, what) {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${what}: the response is not JSON: ${String(text).slice(0, 200)}`);
  }
}

function runCatalogue(client) {
  const call = (op, args) => {
    const r = parse(client.send(Buffer.from(JSON.stringify({ op, args }))), op);
    if (!r.ok) throw new Error(`setup ${op}: ${JSON.stringify(r.error)}`);
    return r.data;
  };
  const ids = setup(call);
  const all = cases(call('schema.describe', {}).entities, ids);
  const failures = [];
  let refused = 0, accepted = 0, before = client.hash();
  for (const c of all) {
    const r = parse(client.send(c.request), c.name);
    const e = c.expect;
    if (!e.ok) {
      refused++;
      const err = r.error || {};
      const why = [];
      if (r.ok) why.push('accepted');
      else {
        if (err.code !== e.code) why.push(`code ${err.code}, expected ${e.code}`);
        if (err.field !== e.field) why.push(`field ${err.field}, expected ${e.field}`);
        if (!e.reasons.includes(err.reason)) why.push(`reason ${err.reason}, expected ${e.reasons.join(' or ')}`);
        if (!err.message) why.push('no message');
      }
      const after = client.hash();
      if (after !== before) why.push('the database file changed');
      before = after;
      if (why.length) failures.push(`${c.name}: ${why.join('; ')} — ${JSON.stringify(r).slice(0, 300)}`);
      continue;
    }
    accepted++;
    if (!r.ok) {
      failures.push(`${c.name}: refused — ${JSON.stringify(r.error).slice(0, 300)}`);
      before = client.hash();
      continue;
    }
    const got = call(c.stored.op, { id: r.data.id })[c.stored.field];
    const same = typeof c.stored.value === 'number' ? got === c.stored.value || got == c.stored.value // -0 is 0
      : got === c.stored.value;
    if (!same || r.data[c.stored.field] !== got) {
      failures.push(`${c.name}: stored ${JSON.stringify(got).slice(0, 80)} (answered ${JSON.stringify(r.data[c.stored.field]).slice(0, 80)}), sent ${JSON.stringify(c.stored.value).slice(0, 80)}`);
    }
    before = client.hash();
  }
  return { count: all.length, refused, accepted, failures };
}

module.exports = { runCatalogue };
