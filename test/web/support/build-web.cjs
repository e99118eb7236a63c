/**
 * Jest's global setup for the browser suites (the `web` project: it runs only
 * when at least one of them does). They need the built web app in dist/web,
 * which `npm test`'s pretest no longer builds: build it here when it is
 * missing or older than any source it comes from (the web app, and the API
 * whose description gives the web app its types).
 */
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '../../..');
const BUILT_API = join(ROOT, 'dist/apps/api/src/main.js');
const BUILT_WEB = join(ROOT, 'dist/web/index.html');
const API_SOURCES = [
  'apps/api/src',
  'apps/worker/src',
  'apps/cli/src',
  'libs',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
];
/** Written by the build itself (openapi-typescript), before the bundle. */
const GENERATED = join(ROOT, 'apps/web/src/api/schema.d.ts');

function newestChange(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return path === GENERATED ? 0 : stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
  return newest;
}

const builtAt = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);
const newestOf = (sources) =>
  Math.max(...sources.filter((source) => existsSync(join(ROOT, source))).map((source) => newestChange(join(ROOT, source))));

module.exports = async function buildWebAppIfStale() {
  const api = newestOf(API_SOURCES);
  if (builtAt(BUILT_WEB) > Math.max(api, newestOf(['apps/web']))) return;
  // The web app's types come from the built API's description: build the API first when it is stale too.
  const script = builtAt(BUILT_API) > api ? 'build:web' : 'build';
  process.stdout.write(`\nBuilding the web app for the browser suites (npm run ${script})\n`);
  // Without Jest's NODE_ENV=test, which would give the bundle React's development build: the same build as `npm run build`.
  const { NODE_ENV: _jest, ...env } = process.env;
  execFileSync('npm', ['run', script, '--silent'], { cwd: ROOT, stdio: 'inherit', env });
};
