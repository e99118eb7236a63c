// Prints the gzipped size of the JavaScript the web app loads before its
// first screen (the entry script and the chunks it preloads) and fails the
// build above the budget. Later screens load their own chunks on demand.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 350;
const dir = 'dist/web';
const html = readFileSync(join(dir, 'index.html'), 'utf8');
const scripts = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/([^"]+\.js)"/g)].map((m) => m[1]);
let total = 0;
for (const file of scripts) {
  const size = gzipSync(readFileSync(join(dir, file)), { level: 9 }).length;
  total += size;
  console.log(`  ${file.padEnd(48)} ${(size / 1024).toFixed(1).padStart(7)} KB gzipped`);
}
console.log(`Initial JavaScript: ${(total / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB)`);
if (scripts.length === 0 || total > BUDGET_KB * 1024) {
  console.error(scripts.length === 0 ? 'No script found in dist/web/index.html.' : 'Over the budget.');
  process.exit(1);
}
