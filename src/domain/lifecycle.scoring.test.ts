// The scoring fold (advanceLead), the rescore after an agreement change, and the fall-out timer's action.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAgreement, type Agreement, type AgreementInput } from './agreement.js';
import { defaultAgreement } from './default-agreement.js';
import {
  DAY_MS,
  emptyCapCounters,
  engagementAt,
  engagementSum,
  utcDay,
  weightAt,
  type Activity,
  type CapCounters,
} from './engagement.js';
import { emptyLeadProfile, type LeadProfile } from './lead-profile.js';
import {
  advanceLead,
  enterSideStage,
  enterStage,
  fallOutLead,
  newLeadState,
  rescoreLead,
  type LeadScoringState,
  type LeadStep,
} from './lifecycle.js';
import { emptyPqlUsage, type PqlUsage } from './qualification.js';

const epoch = new Date('2025-01-01T00:00:00Z');
const day = (n: number): Date => new Date(epoch.getTime() + n * DAY_MS);
const VERSION = 3;

function agreement(change: (a: AgreementInput) => void = () => {}): Agreement {
  const draft = defaultAgreement();
  change(draft);
  const result = parseAgreement(draft);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.agreement;
}
const base = agreement();

const profiles: Record<'A' | 'B' | 'C' | 'D', LeadProfile> = {
  A: {
    ...emptyLeadProfile(),
    titleSeniority: 'vp',
    titleFunction: 'marketing',
    employees: 400,
    emailDomainType: 'business',
  },
  B: {
    ...emptyLeadProfile(),
    titleSeniority: 'director',
    titleFunction: 'marketing',
    emailDomainType: 'business',
  },
  C: { ...emptyLeadProfile(), titleSeniority: 'manager', titleFunction: 'it', emailDomainType: 'business' },
  D: { ...emptyLeadProfile(), emailDomainType: 'free' },
};

let seq = 0;
const track = (event: string, at: Date): Activity => ({
  id: `e${++seq}`,
  type: 'track',
  event,
  properties: {},
  at,
});
const page = (path: string, at: Date): Activity => ({
  id: `e${++seq}`,
  type: 'page',
  event: null,
  properties: { path },
  at,
});
const steps = (profile: LeadProfile, ...activities: Activity[]): LeadStep[] =>
  activities.map((activity) => ({ activity, profile }));
const fresh = (profile: LeadProfile = profiles.B): LeadScoringState => newLeadState(base, profile, day(0));

function advance(
  state: LeadScoringState,
  s: LeadStep[],
  counters: CapCounters = emptyCapCounters(),
  usage: PqlUsage = emptyPqlUsage(),
  a = base,
) {
  return advanceLead(a, VERSION, epoch, state, s, counters, usage);
}

describe('advanceLead', () => {
  it('qualifies a B-fit lead the moment its engagement reaches band 2, and says why', () => {
    const content = track('Content Downloaded', new Date(day(2).getTime() + 3_600_000));
    const r = advance(
      fresh(),
      steps(
        profiles.B,
        page('/pricing', day(0)),
        track('Webinar Attended', day(1)),
        content,
        page('/docs', day(3)),
      ),
    );
    expect(r.contributions.map((c) => `${c.ruleId}:${c.points}`)).toEqual([
      'pricing-page:10',
      'page-view:1',
      'webinar-attended:15',
      'content-downloaded:8',
      'page-view:1',
    ]);
    expect(r.transitions).toEqual([
      {
        from: 'lead',
        to: 'mql',
        at: content.at,
        actor: 'system',
        ruleId: 'matrix:B2',
        agreementVersion: VERSION,
        reason: expect.stringMatching(/^engagement 33\.\d with fit B is cell B2, which qualifies$/),
      },
    ]);
    expect(r.state).toMatchObject({
      stage: 'mql',
      stageEnteredAt: content.at,
      fitGrade: 'B',
      fitPoints: 40,
      lastContributionAt: day(3),
    });
  });

  it('grades fit from each step’s own profile, so an identify that reveals a better title lets a hand-raise through', () => {
    const r = advance(fresh(profiles.D), [
      { activity: track('Demo Requested', day(1)), profile: profiles.D },
      {
        activity: { id: 'id1', type: 'identify', event: null, properties: {}, at: day(2) },
        profile: profiles.C,
      },
      { activity: track('Demo Requested', day(3)), profile: profiles.C },
    ]);
    expect(r.transitions).toHaveLength(1);
    expect(r.transitions[0]).toMatchObject({ from: 'lead', to: 'mql', at: day(3), ruleId: 'demo-request' });
    expect(r.state.fitGrade).toBe('C');
  });

  it('evaluates a late activity at the lead’s latest points, not in the past', () => {
    const start = {
      ...fresh(profiles.A),
      engagementS: 5 * weightAt(day(10), epoch, 30),
      lastContributionAt: day(10),
    };
    const r = advance(start, steps(profiles.A, track('Content Downloaded', day(9))));
    expect(r.transitions[0]).toMatchObject({ to: 'mql', at: day(10), ruleId: 'matrix:A3' });
    expect(r.state.lastContributionAt).toEqual(day(10));
  });

  it('counts only engagement earned after recycling as fresh, and re-qualifies once cool-off and fresh points allow', () => {
    const rejected = enterSideStage(fresh(profiles.B), 'nurture', day(10), {
      recyclable: true,
      reasonCode: 'no_budget_timing',
    });
    const late = track('Webinar Attended', day(9));
    const r1 = advance(rejected, steps(profiles.B, late, track('Webinar Attended', day(50))));
    expect(r1.state.freshS).toBeCloseTo(15 * weightAt(day(50), epoch, 30), 9);
    expect(r1.transitions).toEqual([]); // fresh 15 < 20, and still cooling off (90 days)
    const r2 = advance(r1.state, steps(profiles.B, track('Trial Started', day(100))), r1.counters, r1.usage);
    expect(r2.transitions).toEqual([
      expect.objectContaining({ from: 'nurture', to: 'mql', at: day(100), ruleId: 'recycling:B' }),
    ]);
  });

  it('keeps applying caps across calls through the counters it hands back', () => {
    const r1 = advance(
      fresh(profiles.D),
      steps(
        profiles.D,
        ...[0, 1, 2, 3].map((h) => page('/docs', new Date(day(0).getTime() + h * 3_600_000))),
      ),
    );
    const r2 = advance(
      r1.state,
      steps(
        profiles.D,
        page('/docs', new Date(day(0).getTime() + 5 * 3_600_000)),
        page('/a', new Date(day(0).getTime() + 6 * 3_600_000)),
        page('/b', day(1)),
      ),
      r1.counters,
      r1.usage,
    );
    expect([...r1.contributions, ...r2.contributions].map((c) => c.points)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(r2.counters.daily).toEqual({ 'page-view@2025-01-01': 5, 'page-view@2025-01-02': 1 });
  });

  it('moves a lead into pql when product usage reaches the rule within its window', () => {
    const uses = Array.from({ length: 10 }, (_, i) =>
      track('Feature Used', new Date(day(1).getTime() + i * 3_600_000 * 12)),
    );
    const r = advance(fresh(profiles.C), steps(profiles.C, ...uses));
    expect(r.transitions).toEqual([
      expect.objectContaining({ to: 'pql', ruleId: 'active-trial', at: uses[9]!.at }),
    ]);
  });

  it('gives the same result fed one call at a time as in one call (property)', () => {
    fc.assert(
      fc.property(
        arbStart,
        fc.array(arbStep, { maxLength: 30 }),
        fc.array(fc.nat(30), { maxLength: 5 }),
        (start, all, cuts) => {
          const once = advance(start, all);
          let state = start;
          let counters = emptyCapCounters();
          let usage = emptyPqlUsage();
          const contributions = [];
          const transitions = [];
          const bounds = [
            0,
            ...[...cuts].map((c) => Math.min(c, all.length)).sort((x, y) => x - y),
            all.length,
          ];
          for (let i = 0; i + 1 < bounds.length; i++) {
            const r = advance(state, all.slice(bounds[i], bounds[i + 1]), counters, usage);
            ({ state, counters, usage } = r);
            contributions.push(...r.contributions);
            transitions.push(...r.transitions);
          }
          expect({ state, counters, usage, contributions, transitions }).toEqual({
            state: once.state,
            counters: once.counters,
            usage: once.usage,
            contributions: once.contributions,
            transitions: once.transitions,
          });
        },
      ),
    );
  });

  it('keeps S equal to its contributions’ decayed sum, within the caps, with at most one qualification (property)', () => {
    fc.assert(
      fc.property(fc.array(arbStep, { maxLength: 40 }), (all) => {
        const r = advance(fresh(), all);
        const now = day(90);
        const expected = engagementAt(engagementSum(r.contributions, epoch, 30), now, epoch, 30);
        expect(Math.abs(engagementAt(r.state.engagementS, now, epoch, 30) - expected)).toBeLessThanOrEqual(
          1e-9 * Math.max(1, expected),
        );
        const perDay = new Map<string, number>();
        for (const c of r.contributions)
          perDay.set(
            `${c.ruleId}@${utcDay(c.at)}`,
            (perDay.get(`${c.ruleId}@${utcDay(c.at)}`) ?? 0) + c.points,
          );
        for (const rule of base.engagement.rules) {
          for (const [key, total] of perDay)
            if (rule.perDayCap !== undefined && key.startsWith(`${rule.id}@`))
              expect(total).toBeLessThanOrEqual(rule.perDayCap + 1e-9);
          const lifetime = r.contributions
            .filter((c) => c.ruleId === rule.id)
            .reduce((s, c) => s + c.points, 0);
          if (rule.lifetimeCap !== undefined) expect(lifetime).toBeLessThanOrEqual(rule.lifetimeCap + 1e-9);
        }
        expect(r.transitions.length).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('rescoreLead', () => {
  const history = [
    track('Webinar Attended', day(40)),
    page('/pricing', day(10)),
    track('Demo Requested', day(41)),
    track('Email Clicked', day(42)),
  ];

  it('rebuilds contributions in time order under the new agreement and qualifies a lead that now qualifies', () => {
    const generous = agreement((a) => {
      a.qualification.mql.cells.push('C2', 'C3');
    });
    const before = { ...fresh(profiles.D), stageEnteredAt: day(5) };
    const r = rescoreLead(generous, VERSION, epoch, profiles.C, history, before, day(45));
    expect(r.contributions.map((c) => c.ruleId)).toEqual([
      'pricing-page',
      'page-view',
      'webinar-attended',
      'demo-requested',
      'email-clicked',
    ]);
    expect(r.state).toMatchObject({ stage: 'mql', fitGrade: 'C', lastContributionAt: day(42) });
    expect(r.transitions).toEqual([
      expect.objectContaining({
        from: 'lead',
        to: 'mql',
        at: day(45),
        ruleId: 'matrix:C2',
        agreementVersion: VERSION,
      }),
    ]);
  });

  it('does not replay an old hand-raise', () => {
    // At day 41 the demo request would qualify a C fit live; the engagement alone (cell C2) does not.
    const r = rescoreLead(base, VERSION, epoch, profiles.C, history.slice(1, 3), fresh(profiles.D), day(41));
    expect(r.transitions).toEqual([]);
    expect(r.state.stage).toBe('lead');
  });

  it('never demotes a qualified lead unless the agreement has a fall-out rule', () => {
    const strict = agreement((a) => {
      a.qualification.mql.cells = ['A1'];
    });
    const mql = enterStage(fresh(profiles.D), 'mql', day(41));
    expect(rescoreLead(strict, VERSION, epoch, profiles.D, history, mql, day(300)).transitions).toEqual([]);
    const fallOut = agreement((a) => {
      a.qualification.fallOut = { stages: ['mql'], belowEngagement: 5, to: 'nurture' };
    });
    const r = rescoreLead(fallOut, VERSION, epoch, profiles.D, history, mql, day(300));
    expect(r.transitions).toEqual([
      expect.objectContaining({ from: 'mql', to: 'nurture', at: day(300), ruleId: 'fall-out' }),
    ]);
    expect(r.state).toMatchObject({ stage: 'nurture', recycledAt: day(300), recyclable: true, freshS: 0 });
  });

  it('scores the same as the live fold over the same activities in time order (property)', () => {
    fc.assert(
      fc.property(fc.array(arbStep, { maxLength: 30 }), (all) => {
        const activities = all.map((s, i) => ({ ...s.activity, id: `x${i}` }));
        const sal = enterStage(fresh(profiles.B), 'sal', day(0));
        const rescored = rescoreLead(base, VERSION, epoch, profiles.B, activities, sal, day(70));
        const sorted = [...activities].sort(
          (x, y) => x.at.getTime() - y.at.getTime() || (x.id < y.id ? -1 : 1),
        );
        const live = advance(sal, steps(profiles.B, ...sorted));
        expect(rescored.contributions).toEqual(live.contributions);
        expect(rescored.state.engagementS).toBe(live.state.engagementS);
        expect(rescored.counters).toEqual(live.counters);
      }),
    );
  });
});

describe('fallOutLead', () => {
  const a = agreement((d) => {
    d.qualification.fallOut = { stages: ['mql'], belowEngagement: 10, to: 'nurture' };
  });
  const mql = {
    ...enterStage(fresh(profiles.B), 'mql', day(0)),
    engagementS: 20 * weightAt(day(0), epoch, 30),
  };

  it('moves the lead once its engagement is below the line, starting the recycling clock', () => {
    expect(fallOutLead(a, VERSION, epoch, mql, day(29))).toBeNull();
    const r = fallOutLead(a, VERSION, epoch, mql, day(31));
    expect(r?.transition).toMatchObject({
      from: 'mql',
      to: 'nurture',
      at: day(31),
      actor: 'system',
      ruleId: 'fall-out',
      agreementVersion: VERSION,
    });
    expect(r?.state).toMatchObject({
      stage: 'nurture',
      recycledAt: day(31),
      recyclable: true,
      rejectReason: null,
    });
  });
});

// Random activities over two months, each with one of four profiles (fit A–D).
const arbActivity: fc.Arbitrary<Activity> = fc
  .tuple(
    fc.constantFrom(
      'pricing',
      'docs',
      'Email Clicked',
      'Webinar Attended',
      'Content Downloaded',
      'Trial Started',
      'Feature Used',
      'Demo Requested',
      'Contact Sales',
      'Something Else',
      'identify',
    ),
    fc.integer({ min: 0, max: 60 * DAY_MS }),
    fc.uuid(),
  )
  .map(([kind, offset, id]): Activity => {
    const at = new Date(epoch.getTime() + offset);
    if (kind === 'pricing' || kind === 'docs')
      return { id, type: 'page', event: null, properties: { path: `/${kind}` }, at };
    if (kind === 'identify') return { id, type: 'identify', event: null, properties: {}, at };
    return { id, type: 'track', event: kind, properties: {}, at };
  });
const arbStep: fc.Arbitrary<LeadStep> = fc.record({
  activity: arbActivity,
  profile: fc.constantFrom(...Object.values(profiles)),
});
const arbStart: fc.Arbitrary<LeadScoringState> = fc.constantFrom(
  fresh(profiles.B),
  fresh(profiles.D),
  enterSideStage(fresh(profiles.B), 'nurture', day(5), { recyclable: true, reasonCode: 'not_interested' }),
  enterSideStage(fresh(profiles.A), 'lost', day(1), { recyclable: true, reasonCode: null }),
  enterSideStage(fresh(profiles.A), 'disqualified', day(1), { recyclable: false, reasonCode: 'not_a_fit' }),
);
