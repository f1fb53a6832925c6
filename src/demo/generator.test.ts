import { describe, expect, it } from 'vitest';
import { defaultAgreement } from '../domain/default-agreement.js';
import { scoreFit } from '../domain/fit-score.js';
import { applyLeadFields, mapTraits } from '../domain/lead-traits.js';
import { emptyLeadProfile } from '../domain/lead-profile.js';
import { validateMessages } from '../domain/segment-spec.js';
import type { SegmentMessage } from './messages.js';
import { generateWorkspace } from './workspace.js';

const NOW = new Date('2025-06-30T12:00:00Z');

function first(seed: number, n: number): SegmentMessage[] {
  const out: SegmentMessage[] = [];
  for (const m of generateWorkspace({ scale: 'test', seed, now: NOW }).messages()) {
    out.push(m);
    if (out.length === n) break;
  }
  return out;
}

describe('the workspace generator', () => {
  it('gives the same messages for the same seed, and different ones for another seed', () => {
    const a = first(11, 500);
    expect(first(11, 500)).toEqual(a);
    expect(first(12, 500).map((m) => m.messageId)).not.toEqual(a.map((m) => m.messageId));
  });

  it('sends valid Segment messages, oldest first, with anonymous visits before the identify', () => {
    const messages = first(11, 3_000);
    for (let i = 0; i < messages.length; i += 100) {
      const result = validateMessages({ batch: messages.slice(i, i + 100) }, 'batch');
      expect(result.ok, JSON.stringify(!result.ok && result.errors.slice(0, 2))).toBe(true);
    }
    const times = messages.map((m) => Date.parse(m.timestamp));
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(new Set(messages.map((m) => m.messageId)).size).toBe(messages.length);
    // Someone who identified had browsed anonymously first, under the same anonymousId.
    const identify = messages.find((m) => m.type === 'identify')!;
    const before = messages.filter(
      (m) => m.anonymousId === identify.anonymousId && m.timestamp < identify.timestamp,
    );
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((m) => m.userId === undefined)).toBe(true);
  });

  it('makes conversion depend on fit: A-fit people win deals far more often than D-fit people', () => {
    const generator = generateWorkspace({ scale: 'test', seed: 5, now: NOW });
    const agreement = defaultAgreement();
    const byGrade = new Map<string, { people: number; won: number; handRaised: number }>();
    for (let i = 0; i < generator.schedule.leads; i++) {
      const persona = generator.lead(i);
      // The grade Tandem's default agreement gives the traits this person types into the first form.
      const { person, account } = persona;
      const { fields, extra } = mapTraits({
        email: person.email,
        title: person.title,
        company: account.name,
        employees: account.employees,
        industry: account.industry,
        country: person.countryAsTyped,
      });
      const grade = scoreFit(agreement, applyLeadFields(emptyLeadProfile(), fields, extra)).grade;
      const plan = generator.salesPlan(persona, 0, { stage: 'mql', isHandRaise: false });
      const isWon =
        plan.decision === 'accept' && plan.next.kind === 'sql' && plan.next.opportunity?.isWon === true;
      const row = byGrade.get(grade) ?? { people: 0, won: 0, handRaised: 0 };
      row.people++;
      if (isWon) row.won++;
      if (persona.latent.handRaise) row.handRaised++;
      byGrade.set(grade, row);
    }
    const rate = (g: string, k: 'won' | 'handRaised') => byGrade.get(g)![k] / byGrade.get(g)!.people;
    expect(byGrade.get('A')!.people).toBeGreaterThan(50);
    expect(byGrade.get('D')!.people).toBeGreaterThan(50);
    expect(rate('A', 'won')).toBeGreaterThan(2 * rate('D', 'won'));
    expect(rate('A', 'handRaised')).toBeGreaterThan(rate('D', 'handRaised'));
  });

  it('spends on paid channels every month of the history', () => {
    const spend = generateWorkspace({ scale: 'test', seed: 5, now: NOW }).spend();
    const months = new Set(spend.map((s) => s.month));
    expect(months.size).toBeGreaterThanOrEqual(13);
    expect(spend.every((s) => s.amount >= 0)).toBe(true);
    expect(new Set(spend.map((s) => s.channel))).toEqual(
      new Set(['google', 'linkedin', 'g2', 'techtarget', 'webinar', 'newsletter']),
    );
  });
});
