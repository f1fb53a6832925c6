// A fast, set-based fixture for the report benchmark: fills a workspace with the shape the engine
// would leave (leads with their channel, segment, territory, owner and team; a year of events with
// real page paths, assets, campaigns and track names; transitions that follow the funnel; SLA
// clocks; opportunities; disputes; goals; channel spend) in a few statements, without going through
// ingestion (which takes hours at 1M leads: issue 18). The distributions are the demo generator's
// (src/demo: its channels with their shares, quality and costs, its industries, pages and assets),
// drawn by PostgreSQL's random() after setseed (repeatable on one connection and server version).
import { INDUSTRY_WEIGHTS } from '../../src/demo/firmographics.js';
import { CHANNELS } from '../../src/demo/channels.js';
import { ASSETS, PAGES } from '../../src/demo/site.js';
import type { Queryable } from '../../src/store/db.js';

export interface BulkFixtureOptions {
  workspaceId: string;
  leads: number;
  /** The end of the history (the report's "now"); it spans the 13 months before. */
  now: Date;
  /** Leads per insert statement (the events of that many leads go in one statement). */
  chunk?: number;
  log?: (message: string) => void;
}

export interface BulkFixtureSummary {
  leads: number;
  events: number;
  transitions: number;
  opportunities: number;
  clocks: number;
  ms: number;
  steps: Record<string, number>;
}

const INDUSTRIES = INDUSTRY_WEIGHTS;
const REGIONS: [string, number][] = [
  ['NA', 45],
  ['EMEA', 33],
  ['APAC', 15],
  ['LATAM', 7],
];
const TRACKS: [string, number][] = [
  ['Email Opened', 30],
  ['Email Clicked', 10],
  ['Content Downloaded', 14],
  ['Webinar Registered', 6],
  ['Webinar Attended', 4],
  ['Newsletter Subscribed', 4],
  ['Feature Used', 20],
  ['Trial Started', 3],
  ['Signed Up', 3],
  ['Demo Requested', 3],
  ['Contact Sales', 3],
];
const REJECT_CODES = ['not_icp', 'no_budget', 'bad_timing', 'duplicate', 'wrong_contact', 'no_response'];

/** A weighted draw as one SQL expression: the item whose cumulative share first reaches `u` (0 ≤ u < 1). */
function draw(u: string, items: readonly (readonly [string, number])[]): string {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let acc = 0;
  const bounds = items.slice(0, -1).map(([, w]) => (acc += w / total).toFixed(6));
  return `(${arr(items.map(([v]) => v))})[1 + width_bucket(${u}, array[${bounds.join(', ')}]::float8[])]`;
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const arr = (xs: readonly string[]) => `array[${xs.map(lit).join(', ')}]::text[]`;

/** Fills the workspace; it must exist with its members and teams (bench-workspace.ts). */
export async function loadBulkFixture(db: Queryable, opts: BulkFixtureOptions): Promise<BulkFixtureSummary> {
  const started = performance.now();
  const log = opts.log ?? (() => undefined);
  const chunk = opts.chunk ?? 50_000;
  const steps: Record<string, number> = {};
  const ws = opts.workspaceId;
  const step = async (name: string, sql: string, params: unknown[] = []) => {
    const t = performance.now();
    await db.query(sql, params);
    steps[name] = (steps[name] ?? 0) + (performance.now() - t);
  };
  const end = opts.now.toISOString();

  // JIT compiling these one-off statements costs more than running them (seconds each on PostgreSQL).
  await db.exec(`set jit = off; drop table if exists bulk_channel, bulk_plan, bulk_rep`);
  const totalShare = CHANNELS.reduce((s, c) => s + c.share, 0);
  let acc = 0;
  const channelRows = CHANNELS.map((c, i) => {
    acc += c.share / totalShare;
    return `(${i + 1}, ${lit(c.source)}, ${lit(c.medium)}, ${arr(c.campaigns)}, ${c.costPerLead}, ${c.quality},
             ${i === CHANNELS.length - 1 ? 1 : acc.toFixed(6)}, ${arr(c.landing)})`;
  });
  await db.exec(
    `create table bulk_channel as select * from (values ${channelRows.join(', ')})
       v(i, source, medium, campaigns, cpl, quality, upto, landing);
`,
  );
  // The reps (and the team each works in) who own qualified leads.
  await db.query(
    `create table bulk_rep as
       select row_number() over (order by u.id)::int as i, u.id as owner_id,
              (select m.team_id from team_members m where m.workspace_id = u.workspace_id and m.user_id = u.id
                order by m.team_id limit 1) as team_id
         from users u where u.workspace_id = '${ws}' and u.role = 'sales_rep'`,
  );
  const reps = await db.query<{ n: number }>(`select count(*)::int as n from bulk_rep`);
  if (!reps[0] || reps[0].n === 0) throw new Error('the workspace has no sales reps to own leads');

  // Each lead's plan: when it arrived (13 months, growing ~2.5 % a month) and when, if ever, it
  // reached each stage; a stage whose time falls after `now` has not happened yet.
  const t0 = performance.now();
  await db.query(`select setseed(0.42)`);
  await db.query(
    `create table bulk_plan as
     with base as (
       select g as n, gen_random_uuid() as id,
              $2::timestamptz - interval '395 days' * (1 - power(random(), 0.8)) as created_at,
              random() as rc, random() as ri, random() as rr, random() as rrep,
              random() as r1, random() as r2, random() as r3, random() as r4, random() as r5, random() as r6,
              random() as r7, random() as r8,
              -ln(1 - random()) as e1, -ln(1 - random()) as e2, -ln(1 - random()) as e3,
              -ln(1 - random()) as e4, -ln(1 - random()) as e5, -ln(1 - random()) as e6
         from generate_series(1, $1::int) g
     ), dims as (
       select b.*, c.i as ch, c.source, c.medium, c.quality, c.cpl, c.landing,
              c.campaigns[1 + (extract(quarter from b.created_at)::int + extract(year from b.created_at)::int * 4)
                              % cardinality(c.campaigns)] as campaign,
              ${draw('b.ri', INDUSTRIES)} as industry, ${draw('b.rr', REGIONS)} as region
         from base b
         join bulk_channel c on c.i = ${draw(
           'b.rc',
           CHANNELS.map((c, i) => [String(i + 1), c.share]),
         )}::int
     ), steps as (
       select d.*,
              case when d.r1 < 0.5 * d.quality then d.created_at + interval '1 day' * (0.2 + 6 * d.e1) end as mql_at,
              case when d.r1 >= 0.5 * d.quality and d.r2 < 0.15
                   then d.created_at + interval '1 day' * (1 + 20 * d.e1) end as dq_at
         from dims d
     ), handoff as (
       select s.*,
              case when s.mql_at is not null and s.r2 < 0.72 then s.mql_at + interval '1 hour' * (0.5 + 20 * s.e2) end as sal_at,
              case when s.mql_at is not null and s.r2 >= 0.72 then s.mql_at + interval '1 hour' * (1 + 30 * s.e2) end as rejected_at
         from steps s
     ), recycle as (
       select h.*,
              case when h.rejected_at is not null and h.r3 < 0.25 then h.rejected_at + interval '1 day' * (10 + 40 * h.e3) end as remql_at
         from handoff h
     ), resal as (
       select r.*,
              case when r.remql_at is not null and r.r4 < 0.5 then r.remql_at + interval '1 hour' * (0.5 + 20 * r.e2) end as resal_at
         from recycle r
     ), sales as (
       select r.*, coalesce(r.sal_at, r.resal_at) as accepted_at,
              case when coalesce(r.sal_at, r.resal_at) is not null and r.r5 < 0.65 * r.quality
                   then coalesce(r.sal_at, r.resal_at) + interval '1 day' * (1 + 10 * r.e4) end as sql_at
         from resal r
     ), deals as (
       select s.*,
              case when s.sql_at is not null and s.r6 < 0.85 then s.sql_at + interval '1 day' * (0.5 + 3 * s.e5) end as opp_at
         from sales s
     )
     select d.n, d.id, d.created_at, d.ch, d.landing, d.source, d.medium, d.campaign, d.industry, d.region, d.cpl,
            rep.owner_id, rep.team_id,
            (10 * power(10, 3.5 * d.r8))::int as employees,
            d.r7, d.r8, d.e6,
            nullif(least(d.mql_at, $2::timestamptz), $2::timestamptz) as mql_at,
            nullif(least(d.dq_at, $2::timestamptz), $2::timestamptz) as dq_at,
            nullif(least(d.sal_at, $2::timestamptz), $2::timestamptz) as sal_at,
            nullif(least(d.rejected_at, $2::timestamptz), $2::timestamptz) as rejected_at,
            nullif(least(d.remql_at, $2::timestamptz), $2::timestamptz) as remql_at,
            nullif(least(d.resal_at, $2::timestamptz), $2::timestamptz) as resal_at,
            nullif(least(d.sql_at, $2::timestamptz), $2::timestamptz) as sql_at,
            nullif(least(d.opp_at, $2::timestamptz), $2::timestamptz) as opp_at,
            -- the deal's close: won (28 %, better for bigger fits), lost (50 %) or still open
            case when d.opp_at is null then null
                 when d.r7 < 0.28 * d.quality then 'won' when d.r7 < 0.78 then 'lost' else 'open' end as outcome,
            case when d.opp_at is not null then d.opp_at + interval '1 day' * (7 + 40 * d.e6) end as close_at,
            1 + floor(-ln(1 - random()) * 18)::int as n_events
       from deals d
       join bulk_rep rep on rep.i = 1 + floor(d.rrep * $3::int)::int`,
    [opts.leads, end, reps[0].n],
  );
  // A stage after `now` never happened, nor anything after it.
  await db.exec(
    `update bulk_plan set sal_at = null, rejected_at = null where mql_at is null;
     update bulk_plan set remql_at = null where rejected_at is null;
     update bulk_plan set resal_at = null where remql_at is null;
     update bulk_plan set sql_at = null where sal_at is null and resal_at is null;
     update bulk_plan set opp_at = null where sql_at is null;
     update bulk_plan set outcome = null where opp_at is null;
     update bulk_plan set outcome = 'open' where close_at >= '${end}';
     create unique index on bulk_plan (n); analyze bulk_plan;`,
  );
  steps.plan = performance.now() - t0;
  log(`bulk fixture: planned ${opts.leads} leads in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const stageOf = `case when p.outcome = 'won' then 'customer' when p.outcome = 'lost' then 'lost'
                        when p.opp_at is not null then 'opportunity' when p.sql_at is not null then 'sql'
                        when p.resal_at is not null then 'sal' when p.remql_at is not null then 'mql'
                        when p.rejected_at is not null then 'nurture' when p.sal_at is not null then 'sal'
                        when p.mql_at is not null then 'mql' when p.dq_at is not null then 'disqualified'
                        else 'lead' end`;
  for (let from = 1; from <= opts.leads; from += chunk) {
    const to = Math.min(opts.leads, from + chunk - 1);
    const range = [ws, from, to];
    await step(
      'leads',
      `insert into leads (workspace_id, id, email, email_domain, email_domain_type, first_name, last_name, title,
                          company, industry, employees, country, region, source, medium, campaign, owner_id,
                          team_id, stage, stage_entered_at, created_at, updated_at, fit_grade, first_touch_at,
                          assigned_at, scored_version)
       select $1, p.id, 'person' || p.n || '@company' || (p.n / 3) || '.example', 'company' || (p.n / 3) || '.example',
              'business', 'Person', 'No. ' || p.n, 'Head of Marketing', 'Company ' || (p.n / 3), p.industry,
              p.employees, case p.region when 'NA' then 'US' when 'EMEA' then 'DE' when 'APAC' then 'AU' else 'BR' end,
              p.region, p.source, p.medium, p.campaign,
              case when p.mql_at is not null then p.owner_id end, case when p.mql_at is not null then p.team_id end,
              ${stageOf},
              greatest(p.created_at, p.mql_at, p.sal_at, p.rejected_at, p.remql_at, p.resal_at, p.sql_at, p.opp_at,
                       case when p.outcome in ('won', 'lost') then p.close_at end),
              p.created_at, p.created_at,
              case when p.r8 > 0.75 then 'A' when p.r8 > 0.5 then 'B' when p.r8 > 0.25 then 'C' else 'D' end,
              p.created_at, p.mql_at, 1
         from bulk_plan p where p.n between $2 and $3`,
      range,
    );
    await step(
      'transitions',
      `insert into transitions (workspace_id, lead_id, from_stage, to_stage, at, actor_type, actor_id, actor_label,
                                reason, reason_code, agreement_version, source, owner_id, recorded_at)
       select $1, p.id, v.from_stage, v.to_stage, v.at, v.actor_type,
              case when v.actor_type = 'user' then p.owner_id::text end,
              case when v.actor_type = 'user' then 'Rep' else 'Tandem' end,
              v.reason, v.reason_code, 1, 'bulk', p.owner_id, v.at
         from bulk_plan p
        cross join lateral (values
          (null, 'lead', p.created_at, 'system', 'first seen', null),
          ('lead', 'disqualified', p.dq_at, 'system', 'disqualified by fit', null),
          ('lead', 'mql', p.mql_at, 'system', 'score reached the MQL threshold', null),
          ('mql', 'sal', p.sal_at, 'user', 'accepted', null),
          ('mql', 'nurture', p.rejected_at, 'user', 'rejected',
             (${arr(REJECT_CODES)})[1 + floor(p.r7 * ${REJECT_CODES.length})::int]),
          ('nurture', 'mql', p.remql_at, 'system', 'recycled lead qualified again', null),
          ('mql', 'sal', p.resal_at, 'user', 'accepted', null),
          ('sal', 'sql', p.sql_at, 'user', 'qualified by sales', null),
          ('sql', 'opportunity', p.opp_at, 'system', 'opportunity opened', null),
          ('opportunity', 'customer', case when p.outcome = 'won' then p.close_at end, 'system', 'closed won', null),
          ('opportunity', 'lost', case when p.outcome = 'lost' then p.close_at end, 'system', 'closed lost', null)
        ) v(from_stage, to_stage, at, actor_type, reason, reason_code)
        where p.n between $2 and $3 and v.at is not null
        order by p.n, v.at`,
      range,
    );
    // About 18 events per lead: page views (landing pages first, content, pricing, the case study
    // more often for leads that go on to buy) and track events with their properties.
    await step(
      'events',
      `insert into events (workspace_id, message_id, type, event, lead_id, user_id, anonymous_id, occurred_at,
                           received_at, properties, context, scored_at)
       select $1, 'bulk-' || p.n || '-' || x.i, case when x.is_page then 'page' else 'track' end,
              case when not x.is_page then x.track end, p.id, 'u' || p.n, 'a' || p.n, x.at, x.at,
              case when x.is_page then jsonb_build_object('path', x.path, 'url', 'https://www.acmeanalytics.example' || x.path)
                   when x.track = 'Content Downloaded' then jsonb_build_object('asset', x.asset)
                   when x.track in ('Email Opened', 'Email Clicked')
                     then jsonb_build_object('campaign_name', 'newsletter-' || to_char(x.at, 'YYYY-MM'))
                   when x.track = 'Feature Used' then jsonb_build_object('feature', 'Scoring rules')
                   else '{}'::jsonb end,
              case when x.i = 1 then jsonb_build_object('page', jsonb_build_object('path', x.path),
                                        'campaign', jsonb_build_object('name', p.campaign, 'source', p.source, 'medium', p.medium))
                   when x.is_page then jsonb_build_object('page', jsonb_build_object('path', x.path))
                   else '{}'::jsonb end,
              x.at
         from bulk_plan p
        cross join lateral (
          select r.u1 < 0.55 or r.i = 1 as is_page, r.i,
                 case when r.i = 1 then p.landing[1 + floor(r.u2 * cardinality(p.landing))::int]
                      when p.outcome = 'won' and r.u2 < 0.12 then '/customers/northwind-case-study'
                      when p.sql_at is not null and r.u2 < 0.10 then '/pricing'
                      else (${arr(PAGES.map((pg) => pg.path))})[1 + floor(power(r.u3, 1.4) * ${PAGES.length})::int] end as path,
                 ${draw('r.u3', TRACKS)} as track,
                 (${arr(ASSETS.map((a) => a.name))})[1 + floor(r.u2 * ${ASSETS.length})::int] as asset,
                 least($4::timestamptz - interval '1 minute',
                       p.created_at - interval '4 days' * r.u4 * (r.i = 1)::int
                         + interval '1 day' * (r.i > 1)::int * (-ln(1 - r.u4) * 25)) as at
            from (select g.i, random() as u1, random() as u2, random() as u3, random() as u4
                    from generate_series(1, p.n_events) g(i)) r
        ) x
        where p.n between $2 and $3`,
      [...range, end],
    );
    await step(
      'clocks',
      `insert into sla_clocks (workspace_id, lead_id, policy_id, clock, stage, owner_id, team_id, started_at, warn_at,
                               due_at, status, warned_at, breached_at, stopped_at, stop_reason, agreement_version)
       select $1, p.id, 'mql-response', 'response', 'mql', p.owner_id, p.team_id, p.mql_at,
              p.mql_at + interval '3 hours', p.mql_at + interval '4 hours',
              case when stop is null then 'running' when stop <= p.mql_at + interval '4 hours' then 'met' else 'met_late' end,
              case when coalesce(stop, $4::timestamptz) > p.mql_at + interval '3 hours' then p.mql_at + interval '3 hours' end,
              case when coalesce(stop, $4::timestamptz) > p.mql_at + interval '4 hours' then p.mql_at + interval '4 hours' end,
              stop, case when stop is not null then 'accepted' end, 1
         from bulk_plan p
        cross join lateral (select least(p.sal_at, p.rejected_at) as stop) s
        where p.n between $2 and $3 and p.mql_at is not null`,
      [...range, end],
    );
    await step(
      'opportunities',
      `insert into opportunities (workspace_id, lead_id, owner_id, name, amount, stage, probability, is_closed, is_won,
                                  created_at, close_date, closed_at, source, updated_at, product)
       select $1, p.id, p.owner_id, 'Company ' || (p.n / 3) || ' — new business',
              round((8000 + 60 * p.employees) * exp(0.6 * sqrt(-2 * ln(1 - p.r8)) * cos(2 * pi() * p.r7)))::float8,
              case p.outcome when 'won' then 'Closed Won' when 'lost' then 'Closed Lost'
                   else (array['Discovery', 'Solution Demo', 'Proposal', 'Negotiation'])[1 + floor(p.r7 * 4)::int] end,
              case p.outcome when 'won' then 1 when 'lost' then 0
                   else (array[0.1, 0.25, 0.5, 0.75])[1 + floor(p.r7 * 4)::int] end,
              p.outcome in ('won', 'lost'), p.outcome = 'won', p.opp_at, p.close_at,
              case when p.outcome in ('won', 'lost') then p.close_at end, p.source, p.opp_at,
              (array['Core', 'Core', 'Enterprise', 'Add-on'])[1 + floor(p.e6 * 7)::int % 4]
         from bulk_plan p
        where p.n between $2 and $3 and p.opp_at is not null`,
      range,
    );
    log(
      `bulk fixture: ${to} of ${opts.leads} leads written (${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
  }
  // A tenth of the rejections are disputed by marketing: most upheld, some reversed, a few open.
  await step(
    'disputes',
    `insert into rejection_disputes (workspace_id, lead_id, rejection_transition_id, rejected_from, rejected_to,
                                     reason_code, status, opened_by_type, opened_by_label, note, opened_at,
                                     resolved_by_type, resolved_by_label, resolved_at)
     select t.workspace_id, t.lead_id, t.id, t.from_stage, t.to_stage, t.reason_code, st.status, 'user', 'Marketer',
            'this lead fits the agreement', t.at + interval '1 day',
            case when st.status <> 'open' then 'user' end, case when st.status <> 'open' then 'Manager' end,
            case when st.status <> 'open' then t.at + interval '3 days' end
       from transitions t
      cross join lateral (select case when random() < 0.6 then 'upheld' when random() < 0.8 then 'reversed' else 'open' end
                                 as status where t.id = t.id) st
      where t.workspace_id = $1 and t.to_stage = 'nurture' and t.reason_code is not null and random() < 0.1`,
    [ws],
  );
  // Spend per paid channel and month: its cost per lead times the leads it brought, with noise.
  await step(
    'spend',
    `insert into channel_spend (workspace_id, channel, month, amount)
     select $1, p.source, to_char(p.created_at at time zone 'UTC', 'YYYY-MM'),
            round(sum(p.cpl) * (0.9 + 0.2 * random()))::float8
       from bulk_plan p where p.cpl > 0 group by 2, 3
     on conflict (workspace_id, channel, month) do update set amount = excluded.amount`,
    [ws],
  );
  // Goals per quarter, 10 % above what the quarter delivered.
  await step(
    'goals',
    `insert into goals (workspace_id, period, metric, target, updated_by, updated_at)
     select $1, q.period, m.metric,
            round(1.1 * case m.metric when 'revenue' then q.revenue when 'weighted_pipeline' then q.pipeline
                              when 'sqls' then q.sqls else q.mqls end)::float8,
            'benchmark', $2::timestamptz
       from (select to_char(p.created_at, 'YYYY-"Q"Q') as period,
                    count(p.mql_at) as mqls, count(p.sql_at) as sqls,
                    count(*) filter (where p.outcome = 'won') * 30000.0 as revenue,
                    count(p.opp_at) * 12000.0 as pipeline
               from bulk_plan p group by 1) q
      cross join (values ('revenue'), ('weighted_pipeline'), ('sqls'), ('mqls')) m(metric)
     on conflict (workspace_id, period, metric) do update set target = excluded.target`,
    [ws, end],
  );
  const t = performance.now();
  await db.exec(
    `drop table bulk_channel, bulk_rep;
     analyze leads; analyze transitions; analyze lead_milestones; analyze events; analyze opportunities; analyze sla_clocks;`,
  );
  steps.analyze = performance.now() - t;
  const [counts] = await db.query<{
    leads: number;
    events: number;
    transitions: number;
    opps: number;
    clocks: number;
  }>(
    `select (select count(*) from bulk_plan)::int as leads,
            (select sum(n_events) from bulk_plan)::int as events,
            (select count(*) from transitions where workspace_id = $1)::int as transitions,
            (select count(*) from opportunities where workspace_id = $1)::int as opps,
            (select count(*) from sla_clocks where workspace_id = $1)::int as clocks`,
    [ws],
  );
  await db.exec(`drop table bulk_plan`);
  return {
    leads: counts?.leads ?? 0,
    events: counts?.events ?? 0,
    transitions: counts?.transitions ?? 0,
    opportunities: counts?.opps ?? 0,
    clocks: counts?.clocks ?? 0,
    ms: performance.now() - started,
    steps,
  };
}
