// The API under load: autocannon against the real server on the generated workspace, with a secret
// API key — latency (p50/p99) and throughput per endpoint, and the server's memory meanwhile.
import autocannon from 'autocannon';
import { formatInt, round } from '../harness/measure.js';
import type { BenchServer } from '../harness/server.js';
import { type BenchResult, type Benchmark, type FixtureWorkspace, result } from '../harness/types.js';

const SIZES = {
  small: { connections: 10, seconds: 4 },
  full: { connections: 20, seconds: 30 },
} as const;

interface Endpoint {
  name: string;
  /** The paths to cycle through (one, or one per lead for detail pages). */
  paths(server: BenchServer, w: FixtureWorkspace): Promise<string[]>;
}

/** What people do all day. Add an endpoint here (reports, the pipeline…) and it is measured. */
const ENDPOINTS: Endpoint[] = [
  { name: 'lead-list', paths: async () => ['/api/v1/leads?limit=50'] },
  {
    name: 'lead-detail',
    async paths(server, w) {
      const rows = await server.call('query', {
        sql: `select id from leads where workspace_id = $1 order by md5(id::text) limit 500`,
        params: [w.workspaceId],
      });
      return rows.map((r) => `/api/v1/leads/${String(r.id)}`);
    },
  },
  { name: 'inbox', paths: async (_server, w) => [`/api/v1/inbox?ownerId=${w.repId}`] },
];

const benchmark: Benchmark = {
  name: 'api-load',
  description: 'autocannon on lead list, lead detail and inbox: p50/p99, req/s, server RSS under load',
  async run(ctx) {
    const size = SIZES[ctx.scale];
    // Loaded by a server of its own first, so this server's memory is the API's alone.
    const w = await ctx.fixture();
    const server = await ctx.startServer();
    try {
      const idle = await server.stats();
      const headers = { authorization: `Bearer ${w.secretKey}` };
      const results: BenchResult[] = [];
      let rssUnderLoad = 0;
      for (const endpoint of ENDPOINTS) {
        const paths = await endpoint.paths(server, w);
        // Every path must answer 200 before it is loaded: a fast 404 is not a result.
        const check = await fetch(new URL(paths[0]!, server.url), { headers });
        if (check.status !== 200) throw new Error(`${endpoint.name}: ${check.status} ${await check.text()}`);
        ctx.log(`api-load: ${endpoint.name}, ${size.connections} connections × ${size.seconds} s`);
        let i = 0;
        server.startSampling();
        const r = await autocannon({
          url: server.url,
          connections: size.connections,
          duration: size.seconds,
          headers,
          requests: [
            { method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) },
          ],
        });
        const rss = server.stopSampling();
        rssUnderLoad = Math.max(rssUnderLoad, rss.maxMb);
        const stats = await server.stats();
        const failures = r.errors + r.timeouts + r.non2xx;
        const notes =
          `p50 ${r.latency.p50} ms · p99 ${r.latency.p99} ms · ${formatInt(r.requests.average)} req/s · ` +
          `${size.connections} conn × ${size.seconds} s · ${formatInt(w.leads)} leads` +
          (failures > 0 ? ` · ${failures} FAILED (${r.non2xx} non-2xx, ${r.errors} errors)` : '');
        const details = {
          p50Ms: r.latency.p50,
          p99Ms: r.latency.p99,
          requestsPerSecond: round(r.requests.average, 0),
          requests: r.requests.total,
          non2xx: r.non2xx,
          errors: r.errors + r.timeouts,
          rssUnderLoadMb: round(rss.maxMb, 0),
        };
        const common = {
          db: ctx.db,
          limit: null,
          limitLabel: null,
          peakRssMb: round(stats.maxRssMb, 0),
          details,
        };
        results.push(
          result({
            ...common,
            name: `api-load ${endpoint.name} p99`,
            figure: r.latency.p99,
            unit: 'ms',
            notes,
          }),
          result({
            ...common,
            name: `api-load ${endpoint.name} throughput`,
            figure: round(r.requests.average, 0),
            unit: 'req/s',
            notes: '',
          }),
        );
      }
      const stats = await server.stats();
      results.push(
        result({
          name: 'api-load server memory',
          db: ctx.db,
          figure: round(rssUnderLoad, 0),
          unit: 'MB RSS',
          limit: null,
          limitLabel: null,
          peakRssMb: round(stats.maxRssMb, 0),
          notes: `highest RSS sampled every 250 ms under load; ${round(idle.rssMb, 0)} MB idle after start (the fixture, ${formatInt(w.events)} events, was loaded by another process in ${round(w.loadMs / 1000)} s)`,
          details: {
            idleRssMb: round(idle.rssMb, 0),
            fixtureEvents: w.events,
            fixtureLeads: w.leads,
            fixtureLoadMs: w.loadMs,
            fixtureBytesPerEvent: round(w.bytesPerEvent, 0),
          },
        }),
      );
      return results;
    } finally {
      await server.stop();
    }
  },
};

export default benchmark;
