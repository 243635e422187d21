#!/usr/bin/env node
// The `recovery-coach` command. In a checkout it runs the TypeScript sources through tsx (always current); in the
// Docker image, which ships only the compiled dist/, it runs that.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const source = join(__dirname, '..', 'src', 'cli', 'index.ts');
let tsx = false;
try {
  require.resolve('tsx/cjs');
  tsx = existsSync(source);
} catch {
  tsx = false;
}
if (tsx) {
  require('tsx/cjs');
  require(source);
} else {
  require(join(__dirname, '..', 'dist', 'cli', 'index.js'));
}
