// Evaluates the arithmetic in fixture expectations ("=2/3", "=(20*100+30*75)/100"):
// numbers, + - * / and parentheses, nothing else (fixtures are data, not code).
'use strict';

function evaluate(text) {
  let i = 0;
  const peek = () => text[i];
  const skip = () => { while (text[i] === ' ') i++; };
  function primary() {
    skip();
    if (peek() === '(') {
      i++;
      const v = sum();
      skip();
      if (text[i++] !== ')') throw new Error(`missing ) in "${text}"`);
      return v;
    }
    if (peek() === '-') { i++; return -primary(); }
    const m = /^\d+(\.\d+)?/.exec(text.slice(i));
    if (!m) throw new Error(`bad number at ${i} in "${text}"`);
    i += m[0].length;
    return Number(m[0]);
  }
  function product() {
    let v = primary();
    for (skip(); peek() === '*' || peek() === '/'; skip()) {
      const op = text[i++];
      const r = primary();
      v = op === '*' ? v * r : v / r;
    }
    return v;
  }
  function sum() {
    let v = product();
    for (skip(); peek() === '+' || peek() === '-'; skip()) {
      const op = text[i++];
      const r = product();
      v = op === '+' ? v + r : v - r;
    }
    return v;
  }
  const v = sum();
  skip();
  if (i !== text.length) throw new Error(`trailing text in "${text}"`);
  return v;
}

module.exports = { evaluate };
