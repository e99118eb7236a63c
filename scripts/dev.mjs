// npm run dev: the API compiled in watch mode and restarted on every change,
// and the web app from Vite's dev server (http://localhost:5173, hot reload),
// which forwards /api and /health to the API on PORT (default 3000; see
// apps/web/vite.config.mts). Same configuration as `npm start` otherwise:
// the environment, or the embedded database in DATA_DIR. Ctrl-C stops all.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules/.bin', name);

// The compiled files import each other as @tongban/<lib>. `npm run build` rewrites those imports (tsc-alias); in
// watch mode Node finds them as packages instead: dist/node_modules/@tongban/<lib> -> dist/libs/<lib>/src.
const packages = join(root, 'dist/node_modules/@tongban');
rmSync(packages, { recursive: true, force: true });
mkdirSync(packages, { recursive: true });
for (const lib of readdirSync(join(root, 'libs'))) symlinkSync(join(root, 'dist/libs', lib, 'src'), join(packages, lib), 'dir');

const children = [];
function start(command, args, options = {}) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', ...options, env: { ...process.env, ...options.env } });
  child.on('exit', (code) => stop(code ?? 0));
  children.push(child);
  return child;
}

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

start(bin('vite'), ['--config', 'apps/web/vite.config.mts']);

// Once the first compilation is written: the web app's API types (apps/web/src/api/schema.d.ts), then the API,
// restarted by Node whenever a compiled file changes.
let apiStarted = false;
const tsc = start(bin('tsc'), ['-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'], { stdio: ['ignore', 'pipe', 'inherit'] });
tsc.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (apiStarted || !/Found \d+ errors?\. Watching for file changes/.test(chunk.toString())) return;
  apiStarted = true;
  for (const [command, args] of [
    [process.execPath, ['dist/apps/api/src/openapi-export.js', 'dist/openapi.json']],
    [bin('openapi-typescript'), ['dist/openapi.json', '-o', 'apps/web/src/api/schema.d.ts', '--silent']],
  ]) {
    if (spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status !== 0) return stop(1);
  }
  start(process.execPath, ['--watch', '--enable-source-maps', 'dist/apps/api/src/main.js'], { env: { REMINDER_DELIVERY_IN_API: '1' } });
});
