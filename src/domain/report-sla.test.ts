import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultCalendar } from './business-hours.js';
import {
  type SlaClockRecord,
  type SlaClockStatus,
  commitmentPeriods,
  type CommitmentTerms,
  commitmentReport,
  slaReport,
  termsInForce,
} from './report-sla.js';
import type { ReportFilters } from './reports.js';

const UTC = defaultCalendar('UTC');
const NOW = new Date('2026-06-15T12:00:00Z');

function record(status: SlaClockStatus, fields: Partial<SlaClockRecord> = {}): SlaClockRecord {
  return {
    month: '2026-03',
    group: null,
    clock: 'response',
    status,
    startedAt: new Date('2026-03-02T09:00:00Z'),
    dueAt: new Date('2026-03-02T13:00:00Z'),
    stoppedAt: status === 'running' ? null : new Date('2026-03-02T11:00:00Z'),
    warned: false,
    breached: false,
    calendar: null,
    ...fields,
  };
}

describe('SLA compliance', () => {
  it('counts a running clock past due as a breach even before a worker marked it', () => {
    const [m] = slaReport(
      [
        record('met'),
        record('running', { dueAt: new Date('2026-06-15T11:00:00Z') }),
        record('running', { dueAt: new Date('2026-06-15T13:00:00Z') }),
      ],
      { from: '2026-03', to: '2026-03' },
      UTC,
      NOW,
    );
    expect(m).toMatchObject({
      clocks: 3,
      met: 1,
      running: 2,
      breaches: 1,
      compliance: 0.5,
      followUpRate: 0.5,
    });
    // Only answered clocks are timed: 2 business hours.
    expect(m!.responseHours).toEqual({ count: 1, median: 2, p75: 2, p90: 2 });
  });

  it('times stage-exit clocks not as a response, and a month without clocks has null rates', () => {
    const months = slaReport(
      [record('met', { clock: 'stage_exit' })],
      { from: '2026-03', to: '2026-04' },
      UTC,
      NOW,
    );
    expect(months[0]!.responseHours.count).toBe(0);
    expect(months[1]).toMatchObject({ month: '2026-04', clocks: 0, compliance: null, followUpRate: null });
  });

  it('every clock is counted once in its month and group; rates are shares', () => {
    const status = fc.constantFrom<SlaClockStatus>('running', 'met', 'met_late', 'reassigned', 'cancelled');
    const clock = fc
      .record({
        status,
        month: fc.constantFrom('2026-01', '2026-02'),
        group: fc.constantFrom('a', null),
        breached: fc.boolean(),
        warned: fc.boolean(),
        startDay: fc.integer({ min: 1, max: 27 }),
        hours: fc.integer({ min: 1, max: 500 }),
      })
      .map((c) => {
        const startedAt = new Date(Date.UTC(2026, Number(c.month.slice(5)) - 1, c.startDay, 9));
        const later = new Date(startedAt.getTime() + c.hours * 3_600_000);
        return record(c.status, {
          month: c.month,
          group: c.group,
          breached: c.breached,
          warned: c.warned,
          startedAt,
          dueAt: later,
          stoppedAt: c.status === 'running' ? null : later,
        });
      });
    fc.assert(
      fc.property(fc.array(clock, { maxLength: 30 }), (clocks) => {
        const months = slaReport(clocks, { from: '2026-01', to: '2026-02' }, UTC, NOW);
        expect(months.reduce((n, m) => n + m.clocks, 0)).toBe(clocks.length);
        for (const m of months) {
          expect(m.met + m.metLate + m.reassigned + m.cancelled + m.running).toBe(m.clocks);
          for (const r of [m.compliance, m.followUpRate]) if (r !== null) expect(r >= 0 && r <= 1).toBe(true);
          const { median, p75, p90 } = m.responseHours;
          if (median !== null && p75 !== null && p90 !== null) {
            expect(median).toBeLessThanOrEqual(p75);
            expect(p75).toBeLessThanOrEqual(p90);
          }
        }
      }),
    );
  });
});

describe("marketing's commitment against actual", () => {
  it('spans whole quarters when the agreement commits per quarter', () => {
    expect(commitmentPeriods({ from: '2026-02', to: '2026-04' }, 'quarter')).toEqual([
      { name: '2026-Q1', from: '2026-01', to: '2026-03' },
      { name: '2026-Q2', from: '2026-04', to: '2026-06' },
    ]);
  });

  const Q1_TERMS: CommitmentTerms = {
    since: new Date('2025-06-01T00:00:00Z'),
    period: 'quarter',
    mqlCommitment: 300,
    minAcceptanceRate: 0.6,
  };
  const filters = (from: string, to: string, more: Partial<ReportFilters> = {}): ReportFilters => ({
    period: { from, to },
    where: {},
    by: null,
    ...more,
  });

  it('holds the total against the commitment; a period under way is in progress, never a bare miss', () => {
    const rows = commitmentReport(
      [
        { period: '2026-Q1', group: 'saas', mqls: 200, accepted: 90, rejected: 10 },
        { period: '2026-Q1', group: null, mqls: 50, accepted: 10, rejected: 40 },
        { period: '2026-Q2', group: 'saas', mqls: 5, accepted: 0, rejected: 0 },
      ],
      filters('2026-03', '2026-06', { by: 'segment' }),
      'quarter',
      [Q1_TERMS],
      NOW,
    );
    expect(rows.map((r) => [r.period, r.isTotal, r.group, r.mqls, r.committed, r.state])).toEqual([
      ['2026-Q1', true, null, 250, 300, 'missed'],
      ['2026-Q1', false, 'saas', 200, null, 'closed'],
      ['2026-Q1', false, null, 50, null, 'closed'],
      ['2026-Q2', true, null, 5, 300, 'in_progress'],
      ['2026-Q2', false, 'saas', 5, null, 'in_progress'],
      ['2026-Q2', false, null, 0, null, 'in_progress'],
    ]);
    expect(rows[0]!.acceptanceRate).toBe(100 / 150);
    // 15 June 12:00 is 75.5 of Q2's 91 days in: 300 × 75.5 / 91 ≈ 249.
    expect(rows[3]!.expectedByNow).toBe(Math.round((300 * 75.5) / 91));
  });

  it('holds each period against the terms in force when it ended, and none before the first', () => {
    const history: CommitmentTerms[] = [
      {
        since: new Date('2026-03-10T09:00:00Z'),
        period: 'month',
        mqlCommitment: 100,
        minAcceptanceRate: 0.5,
      },
      {
        since: new Date('2026-05-20T09:00:00Z'),
        period: 'month',
        mqlCommitment: 150,
        minAcceptanceRate: 0.7,
      },
    ];
    const rows = commitmentReport(
      [
        { period: '2026-01', group: null, mqls: 0, accepted: 0, rejected: 0 },
        { period: '2026-04', group: null, mqls: 90, accepted: 9, rejected: 1 },
      ],
      filters('2026-01', '2026-06'),
      'month',
      history,
      NOW,
    );
    expect(rows.map((r) => [r.period, r.committed, r.minAcceptanceRate, r.state])).toEqual([
      // Before the workspace agreed anything: nothing was promised, so nothing was missed.
      ['2026-01', null, 0, 'closed'],
      ['2026-02', null, 0, 'closed'],
      // March ended under the first version, April under it too; May under the second.
      ['2026-03', 100, 0.5, 'missed'],
      ['2026-04', 100, 0.5, 'missed'],
      ['2026-05', 150, 0.7, 'missed'],
      ['2026-06', 150, 0.7, 'in_progress'],
    ]);
    expect(termsInForce(history, new Date('2026-03-10T08:59:59Z'))).toBeNull();
    expect(termsInForce(history, new Date('2026-05-20T09:00:00Z'))?.mqlCommitment).toBe(150);
  });

  it('restates a quarterly commitment for months when the current agreement commits per month', () => {
    const rows = commitmentReport([], filters('2026-01', '2026-01'), 'month', [Q1_TERMS], NOW);
    expect(rows[0]!.committed).toBe(100);
  });

  it('holds a segment or territory against its own part of the commitment', () => {
    const terms: CommitmentTerms = {
      ...Q1_TERMS,
      period: 'month',
      mqlCommitment: 150,
      segments: [
        { dimension: 'segment', value: 'SaaS', mqlCommitment: 90 },
        { dimension: 'territory', value: 'EMEA', mqlCommitment: 40 },
      ],
    };
    const counts = [
      { period: '2026-04', group: 'saas', mqls: 95, accepted: 0, rejected: 0 },
      { period: '2026-04', group: 'fintech', mqls: 30, accepted: 0, rejected: 0 },
    ];
    const bySegment = commitmentReport(
      counts,
      filters('2026-04', '2026-04', { by: 'segment' }),
      'month',
      [terms],
      NOW,
    );
    expect(bySegment.map((r) => [r.group, r.committed, r.state])).toEqual([
      [null, 150, 'missed'],
      ['fintech', null, 'closed'],
      ['saas', 90, 'met'],
    ]);
    const emea = commitmentReport(
      [{ period: '2026-04', group: null, mqls: 12, accepted: 0, rejected: 0 }],
      filters('2026-04', '2026-04', { where: { territory: 'emea' } }),
      'month',
      [terms],
      NOW,
    );
    expect(emea.map((r) => [r.committed, r.state])).toEqual([[40, 'missed']]);
    // A filter no promise was made for (a source) is held against nothing.
    const bySource = commitmentReport(
      [],
      filters('2026-04', '2026-04', { where: { source: 'ads' } }),
      'month',
      [terms],
      NOW,
    );
    expect(bySource[0]!.committed).toBeNull();
    // A segment filtered and broken down by the same segment keeps its part.
    const both = commitmentReport(
      counts.slice(0, 1),
      filters('2026-04', '2026-04', { where: { segment: 'saas' }, by: 'segment' }),
      'month',
      [terms],
      NOW,
    );
    expect(both.map((r) => [r.group, r.committed])).toEqual([
      [null, 90],
      ['saas', 90],
    ]);
  });
});
