// Loads the WASM build (web/dist) under node. The wasm bytes are passed in
// directly: Emscripten 3.1.6's loader would otherwise try node's fetch.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { Core, GenjinError } = require('../../web/engine/core.js');

const dist = path.join(__dirname, '..', '..', 'web', 'dist');

async function openCore() {
  const factory = require(path.join(dist, 'genjin-core.js'));
  const wasmBinary = fs.readFileSync(path.join(dist, 'genjin-core.wasm'));
  return Core.load(factory, { wasmBinary });
}

module.exports = { openCore, Core, GenjinError };
