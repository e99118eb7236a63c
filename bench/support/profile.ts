import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of a V8 CPU profile (`node --cpu-prof`) read here. */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

/** Where a function comes from: an npm package, a Tongban library, Node itself, or V8. */
function originOf(url: string): string {
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return dependency[1];
  const library = /\/dist\/(libs|apps)\/([^/]+)\//.exec(url);
  if (library) return `tongban ${library[2]}`;
  if (url.startsWith('node:')) return 'node';
  return url === '' ? 'native' : url;
}

function top(totals: Map<string, number>, busy: number, count: number): string[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, micros]) => `${((100 * micros) / busy).toFixed(1).padStart(5)}%  ${key}`);
}

/**
 * A summary of the newest profile in `dir`: where the process spent its busy
 * time (idle excluded), by origin and by function (self time), and the share
 * of a few call paths that matter here (inclusive time).
 */
export function summarizeProfile(dir: string, paths: Record<string, RegExp>): { file: string; lines: string[] } {
  const file = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .sort()
    .pop();
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const byOrigin = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const byPath = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const node = nodes.get(id);
    const micros = profile.timeDeltas[i] ?? 0;
    if (!node || node.callFrame.functionName === '(idle)') return;
    busy += micros;
    const origin = node.callFrame.functionName.startsWith('(') ? node.callFrame.functionName : originOf(node.callFrame.url);
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + micros);
    const name = `${node.callFrame.functionName || '(anonymous)'} (${origin})`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    const stack: string[] = [];
    for (let at: number | undefined = id, depth = 0; at !== undefined && depth < 500; at = parents.get(at), depth++) {
      const frame = nodes.get(at)?.callFrame;
      if (frame) stack.push(`${frame.functionName} ${frame.url}`);
    }
    const joined = stack.join('\n');
    for (const [label, pattern] of Object.entries(paths)) if (pattern.test(joined)) byPath.set(label, (byPath.get(label) ?? 0) + micros);
  });
  return {
    file: join(dir, file),
    lines: [
      `busy ${(busy / 1e6).toFixed(1)} s of CPU; self time by origin:`,
      ...top(byOrigin, busy, 12),
      'self time by function:',
      ...top(byFunction, busy, 12),
      'inclusive time of selected call paths:',
      ...top(byPath, busy, Object.keys(paths).length),
    ],
  };
}
