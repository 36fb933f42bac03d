// The hostile input catalogue: requests a careless or malicious caller can
// send, each with what the core must answer. Refused ones name the field
// and a reason key and leave the database file byte-identical; accepted
// ones store exactly what was sent. Both runners (hostile_wasm.test.js on
// the WASM build, hostile_native.test.js on the genjin CLI) send these
// same requests as raw bytes; the field cases are made from the schema the
// core under test describes, so a new field is covered without an edit.
'use strict';

const MiB = 1024 * 1024;
const MAX_TEXT = 100000; // docs/limits.md
const MAX_SEARCH = 1000;
const MAX_NUMBER = 1e15;

// A value JSON.stringify cannot write (1e400, -0) goes in as raw(text).
const RAW = '@@raw:';
const raw = (text) => `${RAW}${text}@@`;
const json = (obj) => Buffer.from(JSON.stringify(obj).replace(/"@@raw:([^@]*)@@"/g, '$1'));
// A request whose args text is spliced in as bytes (invalid UTF-8, ...).
const withRaw = (op, argsBefore, rawValue, argsAfter = '}') =>
  Buffer.concat([Buffer.from(`{"op":"${op}","args":${argsBefore}`), rawValue, Buffer.from(argsAfter + '}')]);

const BAD_UTF8 = [
  ['a lone continuation byte', Buffer.from([0x61, 0x80, 0x62])],
  ['an overlong slash', Buffer.from([0xc0, 0xaf])],
  ['a UTF-16 surrogate', Buffer.from([0xed, 0xa0, 0x80])],
  ['a cut 3-byte sequence', Buffer.from([0xe6, 0xb1])],
  ['0xFF', Buffer.from([0xff])],
];

// Texts that are data, not syntax: stored and returned byte for byte.
const TRICKY_TEXTS = [
  "Robert'); DROP TABLE customers;--",
  '%_\\ \' OR 1=1 -- " ; SELECT * FROM audit',
  '王芳 👩‍💼 \u202eRTL\u202c  two  spaces ',
  '<script>alert(1)</script>&amp;',
  '汉'.repeat(33333) + 'x', // 100,000 bytes: the longest text there can be
];

const TIMES_REFUSED = ['2023-02-30', '2024-01-01T24:00:01', '2024-01-01T23:60:00', '0000-01-01',
  '10000-01-01', '0000-01-01T00:00:00+01:00', '9999-12-31T23:59:59-14:00', '2024-13-01', 'yesterday', ''];
const TIMES_ACCEPTED = [
  ['2024-02-29T23:59:59Z', '2024-02-29T23:59:59Z'],
  ['2024-01-01T00:00:00+08:00', '2023-12-31T16:00:00Z'],
  ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00Z'],
  ['9999-12-31T23:59:59Z', '9999-12-31T23:59:59Z'],
];

/* Records the other cases refer to; returns their ids. call(op, args) runs
 * one request and returns its data (throws when it fails). */
function setup(call) {
  const rep = call('reps.create', { name: 'Setup rep' }).id;
  const customer = call('customers.create', { name: 'Setup customer', owner_id: rep }).id;
  const deal = call('deals.create', { customer_id: customer, owner_id: rep, amount: 10 }).id;
  const ticket = call('tickets.create', { customer_id: customer }).id;
  call('customfields.create', { entity: 'customers', key: 'note', label: 'Note', type: 'text' });
  const ids = { reps: rep, customers: customer, deals: deal, tickets: ticket };
  for (const [entity, args] of Object.entries(validArgs(ids, 'setup'))) {
    if (!ids[entity]) ids[entity] = call(`${entity}.create`, args).id;
  }
  return ids;
}

/* The smallest valid create args of each writable entity. */
function validArgs(ids, tag) {
  return {
    reps: { name: 'R' },
    customers: { name: 'C' },
    deals: { customer_id: ids.customers },
    followups: { customer_id: ids.customers },
    tickets: { customer_id: ids.customers },
    surveys: { customer_id: ids.customers, kind: 'csat', score: 3 },
    orders: { customer_id: ids.customers, amount: 1 },
    events: { customer_id: ids.customers, kind: 'visit' },
    customfields: { entity: 'deals', key: `k_${tag}`, label: 'L', type: 'text' },
  };
}

/* Wrong values of a field by its schema type: [label, value, reasons]. */
function wrongValues(f) {
  const common = [['an object', { a: 1 }, ['wrong_type', 'not_a_number', 'not_an_integer', 'not_a_bool', 'bad_time', 'bad_id', 'not_in_choices', 'not_a_stage']],
    ['an array', [1], ['wrong_type', 'not_a_number', 'not_an_integer', 'not_a_bool', 'bad_time', 'bad_id', 'not_in_choices', 'not_a_stage']]];
  switch (f.type) {
    case 'text': return [['a number', 123, ['wrong_type']], ['a big number', 13800000001234567, ['wrong_type']],
      ['true', true, ['wrong_type']], ['"a\\u0000b"', 'a\u0000b', ['nul_byte']],
      [`text of ${MAX_TEXT + 1} bytes`, 'x'.repeat(MAX_TEXT + 1), ['too_long']],
      ['1 MiB of text', 'y'.repeat(MiB), ['too_long']], ...common,
      ...(f.format === 'email' ? [['an email without @', 'name.example.com', ['bad_email']],
        ['an email with two @', 'a@b@c', ['bad_email']]] : [])];
    case 'number': return [['text', '12', ['not_a_number']], ['true', true, ['not_a_number', 'wrong_type']],
      ['1e308', 1e308, ['out_of_range']], ['-1e308', -1e308, ['out_of_range', 'negative']],
      ['1e400 (infinity)', raw('1e400'), ['not_a_number']], ['-1e400', raw('-1e400'), ['not_a_number']], ...common,
      ...(f.min === 0 ? [['a negative number', -5, ['negative']]] : [])];
    case 'integer': return [['text', '12', ['not_an_integer']], ['a fraction', 1.5, ['not_an_integer']],
      ['true', true, ['not_an_integer', 'wrong_type']], ['1e400', raw('1e400'), ['not_an_integer']], ['2^63', 9223372036854775808, ['not_an_integer', 'out_of_range']],
      ['1e308', 1e308, ['not_an_integer', 'out_of_range']], ...common,
      ...(f.min === 0 ? [['a negative number', -5, ['negative']]] : [])];
    case 'bool': return [['text', 'yes', ['not_a_bool']], ['2', 2, ['not_a_bool']], ['"true"', 'true', ['not_a_bool']], ...common];
    case 'time': return [...TIMES_REFUSED.map((t) => [`"${t}"`, t, ['bad_time']]),
      ['a number', 20240101, ['bad_time']], ...common];
    case 'enum': return [['a value not in the choices', 'nope', ['not_in_choices']], ['a number', 1, ['not_in_choices', 'wrong_type']], ...common];
    case 'stage': return [['a stage not in the pipeline', 'nope', ['not_a_stage']], ['a number', 1, ['not_a_stage']], ...common];
    case 'ref': return [['0', 0, ['bad_id']], ['-1', -1, ['bad_id']], ['an id that does not exist', 999999, ['not_found']],
      ['text', '1', ['not_an_integer', 'wrong_type']], ['a fraction', 1.5, ['not_an_integer']], ...common];
    case 'json': return [['text', 'not json', ['bad_json']], ['a number', 5, ['bad_json']],
      ...(f.name === 'custom' ? [['an undefined custom field', { nope: 1 }, ['unknown_field'], 'custom.nope']] : [])];
    default: return [];
  }
}

/* Values a field takes and gives back as sent: [label, sent, stored]. */
function goodValues(f, entity, tag) {
  if (entity === 'customfields') return [];
  if (f.type === 'text' && f.format === 'email') return [['an email with quotes', "o'brien+%_@例子.中国", "o'brien+%_@例子.中国"]];
  if (f.type === 'text') {
    // the longest text only in required fields: the file stays small to hash
    return TRICKY_TEXTS.filter((t) => t.length < 1000 || f.required).map((t, i) => {
      const v = f.name === 'ext_id' ? `${t.slice(0, 40)}#${tag}-${i}` : t;
      return [`text ${i + 1}`, v, v];
    });
  }
  if (f.type === 'number') return [['-0', raw('-0'), 0], ['0.1', 0.1, 0.1], [String(MAX_NUMBER), MAX_NUMBER, MAX_NUMBER]];
  if (f.type === 'integer' && f.name !== 'score') return [['0', 0, 0], ['1e15', MAX_NUMBER, MAX_NUMBER]];
  if (f.type === 'time' && (f.name === 'at' || f.name === 'created_at')) return TIMES_ACCEPTED.map(([a, b]) => [a, a, b]);
  return [];
}

const refused = (name, request, field, reasons, code = 'invalid') => ({ name, request, expect: { ok: false, code, field, reasons } });

/* Every case for the schema `entities` (schema.describe's) and the setup's
 * ids. Accepted cases carry `stored`: the request that reads the record
 * back and the field's expected value. */
function cases(entities, ids) {
  const out = [];
  let n = 0;
  for (const [entity, spec] of Object.entries(entities)) {
    const op = (verb) => `${entity}.${verb}`;
    if (spec.readonly) {
      for (const verb of ['create', 'update', 'delete']) {
        out.push(refused(`${entity}.${verb} is refused`, json({ op: op(verb), args: verb === 'create' ? {} : { id: 1 } }), undefined,
          ['readonly_entity'], 'bad_request'));
      }
      out.push(...listCases(entity, spec));
      continue;
    }
    const base = () => validArgs(ids, `c${n++}`)[entity];
    const id = ids[entity];
    for (const f of spec.fields) {
      if (f.readonly) {
        out.push(refused(`${entity}.create: ${f.name} sent`, json({ op: op('create'), args: { ...base(), [f.name]: 5 } }), f.name, ['readonly_field']));
        continue;
      }
      for (const [label, value, reasons, field = f.name] of wrongValues(f)) {
        out.push(refused(`${entity}.create: ${f.name} = ${label}`, json({ op: op('create'), args: { ...base(), [f.name]: value } }), field, reasons));
        out.push(refused(`${entity}.update: ${f.name} = ${label}`, json({ op: op('update'), args: { id, [f.name]: value } }), field,
          f.fixed ? [...reasons, 'readonly_field'] : reasons));
      }
      for (const [label, bytes] of BAD_UTF8) {
        if (f.type !== 'text') continue;
        out.push(refused(`${entity}.create: ${f.name} holds ${label}`,
          withRaw(op('create'), JSON.stringify(base()).slice(0, -1) + `,"${f.name}":"`, bytes, '"}'), f.name, ['bad_utf8']));
      }
      if (f.required) {
        const args = base();
        delete args[f.name];
        out.push(refused(`${entity}.create: ${f.name} missing`, json({ op: op('create'), args }), f.name, ['required']));
        if (f.type === 'text') {
          out.push(refused(`${entity}.create: ${f.name} blank`, json({ op: op('create'), args: { ...base(), [f.name]: '  ' } }), f.name, ['required']));
        }
      }
      if ((f.required || f.not_null || f.default_now) && !f.fixed) { // null cannot clear them
        out.push(refused(`${entity}.update: ${f.name} = null`, json({ op: op('update'), args: { id, [f.name]: null } }), f.name, ['required']));
      }
      for (const [label, sent, stored] of goodValues(f, entity, `g${n++}`)) {
        out.push({ name: `${entity}.create: ${f.name} = ${label} is stored as sent`,
          request: json({ op: op('create'), args: { ...base(), [f.name]: sent } }),
          expect: { ok: true }, stored: { op: op('get'), field: f.name, value: stored } });
      }
    }
    out.push(refused(`${entity}.create: an unknown field`, json({ op: op('create'), args: { ...base(), nonexistent_field: 1 } }), 'nonexistent_field', ['unknown_field']));
    out.push(refused(`${entity}.create: args is an array`, json({ op: op('create'), args: [base()] }), 'args', ['wrong_type'], 'bad_request'));
    for (const verb of ['get', 'update', 'delete']) {
      out.push(refused(`${entity}.${verb}: an id that does not exist`, json({ op: op(verb), args: { id: 987654321 } }), 'id', ['not_found'], 'not_found'));
      out.push(refused(`${entity}.${verb}: id as text`, json({ op: op(verb), args: { id: String(id) } }), 'id', ['not_an_integer']));
      out.push(refused(`${entity}.${verb}: id 0`, json({ op: op(verb), args: { id: 0 } }), 'id', ['out_of_range']));
      out.push(refused(`${entity}.${verb}: id 1e300`, json({ op: op(verb), args: { id: 1e300 } }), 'id', ['out_of_range']));
      out.push(refused(`${entity}.${verb}: no id`, json({ op: op(verb), args: {} }), 'id', ['required']));
      out.push(refused(`${entity}.${verb}: an unknown argument`, json({ op: op(verb), args: { id, zzz: 1 } }), 'zzz', ['unknown_field']));
    }
    out.push(...listCases(entity, spec));
  }
  return out.concat(surveyScores(ids), customFieldKeys(), settingsCases(), otherOps(ids), requestCases());
}

function listCases(entity, spec) {
  const op = `${entity}.list`;
  const list = (name, args, field, reasons) => refused(`${op}: ${name}`, json({ op, args }), field, reasons);
  const searchable = spec.fields.some((f) => f.search);
  return [
    list('limit 0', { limit: 0 }, 'limit', ['out_of_range']),
    list('limit -1', { limit: -1 }, 'limit', ['out_of_range']),
    list('limit 1e9', { limit: 1e9 }, 'limit', ['out_of_range']),
    list('limit 1.5', { limit: 1.5 }, 'limit', ['not_an_integer']),
    list('limit as text', { limit: '10' }, 'limit', ['not_an_integer']),
    list('offset -1', { offset: -1 }, 'offset', ['out_of_range']),
    list('offset 1e300', { offset: 1e300 }, 'offset', ['out_of_range']),
    list('q as a number', { q: 5 }, 'q', ['wrong_type']),
    list(`q of ${MAX_SEARCH + 1} bytes`, { q: 'q'.repeat(MAX_SEARCH + 1) }, 'q', searchable ? ['too_long'] : ['too_long', 'unknown_field']),
    list('sort by an unknown field', { sort: 'nope' }, 'sort', ['unknown_field']),
    list('filter on an unknown field', { filter: { nope: 1 } }, 'nope', ['unknown_field']),
    list('an unknown argument', { zzz: 1 }, 'zzz', ['unknown_field']),
  ];
}

function surveyScores(ids) {
  const s = (kind, score) => refused(`surveys.create: ${kind} score ${score}`,
    json({ op: 'surveys.create', args: { customer_id: ids.customers, kind, score } }), 'score', ['out_of_range']);
  return [s('csat', 0), s('csat', 6), s('nps', -1), s('nps', 11)];
}

function customFieldKeys() {
  const def = (key) => json({ op: 'customfields.create', args: { entity: 'customers', key, label: 'L', type: 'text' } });
  return [
    refused('customfields.create: a key of 49 bytes', def('k'.repeat(49)), 'key', ['too_long']),
    refused('customfields.create: a key with a space', def('a b'), 'key', ['bad_key']),
    refused('customfields.create: a key defined twice', def('note'), 'key', ['already_exists'], 'conflict'),
    { name: 'customfields.create: a key of 48 bytes is stored whole', request: def('k'.repeat(48)),
      expect: { ok: true }, stored: { op: 'customfields.get', field: 'key', value: 'k'.repeat(48) } },
  ];
}

function settingsCases() {
  const set = (name, args, field, reasons) => refused(`settings.set: ${name}`, json({ op: 'settings.set', args }), field, reasons);
  const out = [];
  for (const key of ['tz_offset_minutes', 'active_threshold', 'cadence_a_days', 'cadence_b_days', 'cadence_c_days',
    'grace_days', 'churn_window_days', 'weight_behaviour', 'weight_process', 'weight_result', 'weight_collaboration',
    'rule_no_reply_n', 'rule_purchase_gap_factor', 'rule_activity_drop_ratio', 'rule_open_complaint_hours',
    'sla_first_response_hours', 'sla_resolution_hours', 'pool_days']) {
    out.push(set(`${key} 1e308`, { [key]: 1e308 }, key, ['out_of_range']));
    out.push(set(`${key} -1e308`, { [key]: -1e308 }, key, ['out_of_range']));
    out.push(set(`${key} as text`, { [key]: '5' }, key, ['not_a_number']));
  }
  const stages = (dd) => [{ name: 'a', deadline_days: dd }, { name: 'b' }];
  return out.concat([
    set('deadline_days 1e308', { pipeline: stages(1e308) }, 'pipeline', ['out_of_range']),
    set('deadline_days -1', { pipeline: stages(-1) }, 'pipeline', ['negative']),
    set('deadline_days as text', { pipeline: stages('3') }, 'pipeline', ['not_a_number']),
    set('a stage with a misspelt key', { pipeline: [{ name: 'a', deadlin_days: 3 }, { name: 'b' }] }, 'pipeline', ['unknown_field']),
    set('one stage', { pipeline: [{ name: 'a' }] }, 'pipeline', ['too_few']),
    set('an activity weight 1e308', { activity_weights: { call: 1e308 } }, 'activity_weights', ['out_of_range']),
    set('an activity weight -1', { activity_weights: { call: -1 } }, 'activity_weights', ['negative']),
    set('currency as a number', { currency: 5 }, 'currency', ['wrong_type']),
    set('rule_cadence 2', { rule_cadence: 2 }, 'rule_cadence', ['not_a_bool']),
    set('an unknown setting', { nope: 1 }, 'nope', ['unknown_field']),
  ]);
}

function otherOps(ids) {
  const r = (name, op, args, field, reasons, code) => refused(`${op}: ${name}`, json({ op, args }), field, reasons, code);
  const period = { from: '2025-01-01', to: '2025-02-01' };
  const out = [
    r('from 2023-02-30', 'metrics.compute', { from: '2023-02-30', to: '2023-04-01' }, 'from', ['bad_time']),
    r('to before from', 'metrics.compute', { from: '2025-02-01', to: '2025-01-01' }, 'to', ['time_order']),
    r('from as a number', 'metrics.compute', { from: 20250101, to: '2025-02-01' }, 'from', ['required', 'wrong_type', 'bad_time']),
    r('an unknown by', 'metrics.compute', { ...period, by: ['nope'] }, 'by', ['not_in_choices', 'unknown_field']),
    r('week 2025-W99', 'metrics.weekly', { week: '2025-W99' }, 'week', ['bad_week']),
    r('week 2021-W53', 'metrics.weekly', { week: '2021-W53' }, 'week', ['bad_week']),
    r('date 2023-02-30', 'followups.due', { date: '2023-02-30' }, 'date', ['bad_time']),
    r('an unknown segment', 'metrics.rfm', { segment: 'nope' }, 'segment', ['not_in_choices']),
    r('an unknown rule', 'alerts.churn', { rule: 'nope' }, 'rule', ['not_in_choices']),
    r('an unknown metric', 'metrics.explain', { metric: 'nope', ...period }, 'metric', ['unknown_field']),
    r('survivor that does not exist', 'customers.merge', { survivor_id: 987654321, merged_id: ids.customers }, 'survivor_id', ['not_found'], 'not_found'),
    r('merged that does not exist', 'customers.merge', { survivor_id: ids.customers, merged_id: 987654321 }, 'merged_id', ['not_found'], 'not_found'),
    r('a customer with itself', 'customers.merge', { survivor_id: ids.customers, merged_id: ids.customers }, 'merged_id', ['same_record']),
    r('a customer that does not exist', 'customers.claim', { id: 987654321, rep_id: ids.reps }, 'id', ['not_found'], 'not_found'),
    r('a rep that does not exist', 'customers.claim', { id: ids.customers, rep_id: 987654321 }, 'rep_id', ['not_found']),
    r('customers 1e9', 'demo.generate', { customers: 1e9 }, 'customers', ['out_of_range']),
    r('customers 0', 'demo.generate', { customers: 0 }, 'customers', ['out_of_range']),
    r('a misspelt argument', 'demo.generate', { customer: 5 }, 'customer', ['unknown_field']),
  ];
  for (const op of ['settings.get', 'db.info', 'schema.describe', 'metrics.compute', 'metrics.rfm', 'alerts.churn',
    'followups.due', 'metrics.weekly', 'customers.duplicates', 'customers.merge', 'customers.bulk_update',
    'customers.claim', 'pool.apply', 'demo.remove']) {
    out.push(r('an unknown argument', op, { zzz: 1 }, 'zzz', ['unknown_field']));
  }
  return out;
}

function requestCases() {
  const raw = (name, request, field, reasons, code = 'bad_request') => refused(`request: ${name}`, request, field, reasons, code);
  const deep = (n) => Buffer.from(`{"op":"customers.create","args":{"name":"a","custom":${'['.repeat(n)}${']'.repeat(n)}}}`);
  const big = Buffer.alloc(100 * MiB + 100, 0x7a);
  Buffer.from('{"op":"customers.create","args":{"name":"').copy(big);
  Buffer.from('"}}').copy(big, big.length - 3);
  return [
    raw('not JSON', Buffer.from('op=customers.list'), undefined, ['bad_json']),
    raw('NaN', Buffer.from('{"op":"deals.create","args":{"amount":NaN}}'), undefined, ['bad_json']),
    raw('Infinity', Buffer.from('{"op":"deals.create","args":{"amount":Infinity}}'), undefined, ['bad_json']),
    raw('text after the object', Buffer.from('{"op":"db.info"} {"op":"demo.remove"}'), undefined, ['bad_json']),
    raw('a JSON array', Buffer.from('[{"op":"db.info"}]'), undefined, ['bad_json']),
    raw('nested 100,000 deep', deep(100000), undefined, ['too_deep']),
    raw('nested 1,001 deep', deep(1001), undefined, ['too_deep']),
    raw('100 MB', big, undefined, ['request_too_large']),
    raw('an op with a NUL byte and more', json({ op: 'customers.list\u0000.delete' }), 'op', ['nul_byte'], 'invalid'),
    raw('an op that is not text', json({ op: 5 }), 'op', ['required']),
    raw('an unknown op', json({ op: 'customers.drop' }), 'op', ['unknown_op']),
    raw('no op', json({ args: {} }), 'op', ['required']),
    raw('an unknown request key', json({ op: 'db.info', arg: {} }), 'arg', ['unknown_field']),
    raw('actor as a number', json({ op: 'db.info', actor: 5 }), 'actor', ['wrong_type']),
    raw(`an actor of ${MAX_TEXT + 1} bytes`, json({ op: 'db.info', actor: 'a'.repeat(MAX_TEXT + 1) }), 'actor', ['too_long']),
    raw('a field name that is not UTF-8', Buffer.concat([Buffer.from('{"op":"customers.create","args":{"name":"a","'),
      Buffer.from([0xff]), Buffer.from('":1}}')]), undefined, ['bad_utf8'], 'invalid'),
  ];
}

module.exports = { setup, cases, MiB };
