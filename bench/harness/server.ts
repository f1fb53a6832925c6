// Starts a benchmark server process and talks to it: its URL, typed calls, its memory, stopping it.
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  MethodName,
  ServerMethods,
  ServerStats,
  ServerTarget,
  ToParent,
  ToServer,
} from './server-protocol.js';

const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'server-process.ts');

export interface StartOptions {
  /** Write a V8 CPU profile of the server into this folder when it stops. */
  cpuProfileDir?: string;
}

export class BenchServer {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private rssSamples: number[] = [];
  private sampler: NodeJS.Timeout | null = null;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.on('message', (m: ToParent) => {
      if (m.type !== 'result') return;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(`server: ${m.error}`));
    });
    child.on('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`the benchmark server exited (${code})`));
      this.pending.clear();
    });
  }

  static start(target: ServerTarget, opts: StartOptions = {}): Promise<BenchServer> {
    const execArgv = ['--import', 'tsx'];
    if (opts.cpuProfileDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${opts.cpuProfileDir}`);
    const child = fork(ENTRY, [JSON.stringify(target)], {
      execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      const onMessage = (m: ToParent) => {
        if (m.type === 'ready') {
          child.off('message', onMessage);
          resolve(new BenchServer(child, m.url));
        } else if (m.type === 'failed') {
          reject(new Error(`the benchmark server did not start: ${m.error}`));
        }
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`the benchmark server exited while starting (${code})`)));
    });
  }

  call<M extends MethodName>(
    method: M,
    params: Parameters<ServerMethods[M]>[0],
  ): ReturnType<ServerMethods[M]> {
    const id = this.nextId++;
    const message: ToServer = { type: 'call', id, method, params };
    return new Promise<unknown>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send(message);
    }) as ReturnType<ServerMethods[M]>;
  }

  stats(): Promise<ServerStats> {
    return this.call('stats', undefined);
  }

  /** Samples the server's RSS every `everyMs` until `stopSampling` (memory under load). */
  startSampling(everyMs = 250): void {
    this.rssSamples = [];
    this.sampler = setInterval(() => {
      this.stats().then(
        (s) => this.rssSamples.push(s.rssMb),
        () => undefined,
      );
    }, everyMs);
  }

  stopSampling(): { maxMb: number; meanMb: number } {
    if (this.sampler) clearInterval(this.sampler);
    this.sampler = null;
    const s = this.rssSamples;
    return {
      maxMb: s.length ? Math.max(...s) : 0,
      meanMb: s.length ? s.reduce((a, b) => a + b, 0) / s.length : 0,
    };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'shutdown' } satisfies ToServer);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }
}
