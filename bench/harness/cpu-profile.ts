// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by file, so a
// profile can be read in a terminal. Usage: node --import tsx bench/harness/cpu-profile.ts <file> [top]
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  name: string;
  selfMs: number;
  share: number;
}

const shortUrl = (url: string): string => {
  if (!url) return '(native)';
  const clean = url.replace(/^file:\/\//, '');
  const nm = clean.lastIndexOf('node_modules/');
  if (nm >= 0)
    return clean
      .slice(nm + 'node_modules/'.length)
      .split('/')
      .slice(0, 2)
      .join('/');
  return path.relative(process.cwd(), clean);
};

/** Self time per function and per file (or package), largest first. */
export function summariseProfile(profile: Profile): {
  total: number;
  byFunction: ProfileLine[];
  byFile: ProfileLine[];
} {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = self.get(node.id) ?? 0;
    if (ms === 0) continue;
    const file = shortUrl(node.callFrame.url);
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${file}${node.callFrame.url ? `:${node.callFrame.lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
    byFile.set(file, (byFile.get(file) ?? 0) + ms);
  }
  const lines = (m: Map<string, number>): ProfileLine[] =>
    [...m.entries()]
      .map(([name, ms]) => ({ name, selfMs: ms, share: ms / total }))
      .sort((a, b) => b.selfMs - a.selfMs);
  return { total, byFunction: lines(byFunction), byFile: lines(byFile) };
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: cpu-profile.ts <file.cpuprofile> [top]');
  const top = Number(process.argv[3] ?? 25);
  const s = summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as Profile);
  const print = (title: string, rows: ProfileLine[]) => {
    console.log(`\n${title} (total ${(s.total / 1000).toFixed(1)} s sampled)`);
    for (const r of rows.slice(0, top))
      console.log(
        `${(r.share * 100).toFixed(1).padStart(5)}%  ${r.selfMs.toFixed(0).padStart(7)} ms  ${r.name}`,
      );
  };
  print('Self time by file / package', s.byFile);
  print('Self time by function', s.byFunction);
}
