// The subset matching of tests/api case files, identical to the C runner
// (tests/unit/test_api_cases.c): objects match key by key, arrays by length
// and element, "$any" matches any present value, numbers within 1e-9.
'use strict';

function mismatch(expected, actual, where) {
  if (expected === '$any') return actual === undefined ? `${where}: missing` : null;
  if (expected === null || typeof expected !== 'object') {
    if (typeof expected === 'number' && typeof actual === 'number') {
      return Math.abs(expected - actual) <= 1e-9 ? null : `${where}: ${actual} != ${expected}`;
    }
    return expected === actual ? null : `${where}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${where}: not an array`;
    if (actual.length !== expected.length) return `${where}: length ${actual.length} != ${expected.length}`;
    for (let i = 0; i < expected.length; i++) {
      const m = mismatch(expected[i], actual[i], `${where}[${i}]`);
      if (m) return m;
    }
    return null;
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${where}: not an object`;
  for (const key of Object.keys(expected)) {
    if (!(key in actual)) return `${where}.${key}: missing`;
    const m = mismatch(expected[key], actual[key], `${where}.${key}`);
    if (m) return m;
  }
  return null;
}

module.exports = { mismatch };
