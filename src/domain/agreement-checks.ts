// Cross-field rules of the agreement document: what a schema alone cannot say (references, order, uniqueness).
import type { Agreement } from './agreement.js';
import type { Stage } from './stages.js';

export interface AgreementProblem {
  path: (string | number)[];
  message: string;
}

/** Every cross-field problem in a well-shaped agreement; empty when it is consistent. */
export function checkAgreement(a: Agreement): AgreementProblem[] {
  const problems: AgreementProblem[] = [];
  const add = (path: (string | number)[], message: string): void => {
    problems.push({ path, message });
  };
  const keys = a.funnel.stages.map((s) => s.key);
  const inFunnel = new Set<Stage>(keys);
  const requireStage = (path: (string | number)[], stage: Stage, why = ''): void => {
    if (!inFunnel.has(stage)) {
      add(path, `stage "${stage}" is not in the funnel${why} (funnel.stages has ${keys.join(', ')})`);
    }
  };

  // Funnel
  const seenStage = new Map<Stage, number>();
  a.funnel.stages.forEach((s, i) => {
    const first = seenStage.get(s.key);
    if (first !== undefined) {
      add(
        ['funnel', 'stages', i, 'key'],
        `stage "${s.key}" is listed twice (first at funnel.stages[${first}])`,
      );
    } else seenStage.set(s.key, i);
  });
  if (!inFunnel.has('lead'))
    add(['funnel', 'stages'], 'the funnel must include "lead": every new lead starts there');
  a.funnel.transitions.forEach((t, i) => {
    requireStage(['funnel', 'transitions', i, 'from'], t.from);
    const seenTo = new Set<Stage>();
    t.to.forEach((to, j) => {
      const path = ['funnel', 'transitions', i, 'to', j];
      requireStage(path, to);
      if (to === t.from) add(path, `a stage cannot move to itself ("${to}")`);
      if (seenTo.has(to)) add(path, `"${to}" is listed twice`);
      seenTo.add(to);
    });
  });

  // Fit
  uniqueIds(a.fit.rules, ['fit', 'rules'], add);
  const { A, B, C } = a.fit.grades;
  if (!(A > B)) add(['fit', 'grades', 'B'], `grade thresholds must descend: B (${B}) must be below A (${A})`);
  if (!(B > C)) add(['fit', 'grades', 'C'], `grade thresholds must descend: C (${C}) must be below B (${B})`);

  // Engagement
  uniqueIds(a.engagement.rules, ['engagement', 'rules'], add);
  const bands = a.engagement.bands;
  if (!(bands['1'] > bands['2'])) {
    add(
      ['engagement', 'bands', '2'],
      `bands must descend: band 2 (${bands['2']}) must be below band 1 (${bands['1']})`,
    );
  }
  if (!(bands['2'] > bands['3'])) {
    add(
      ['engagement', 'bands', '3'],
      `bands must descend: band 3 (${bands['3']}) must be below band 2 (${bands['2']})`,
    );
  }
  a.engagement.rules.forEach((r, i) => checkMatch(r.match, ['engagement', 'rules', i, 'match'], add));

  // Qualification
  const q = a.qualification;
  const seenCell = new Set<string>();
  q.mql.cells.forEach((cell, i) => {
    if (seenCell.has(cell)) add(['qualification', 'mql', 'cells', i], `cell "${cell}" is listed twice`);
    seenCell.add(cell);
  });
  if (q.mql.cells.length > 0)
    requireStage(['qualification', 'mql', 'cells'], 'mql', ', but cells qualify leads into it');
  // Hand-raises and PQL rules name the transitions they cause, so their ids share one namespace.
  uniqueIds(
    [
      ...q.handRaises.map((r, i) => ({ id: r.id, path: ['qualification', 'handRaises', i, 'id'] })),
      ...q.pql.map((r, i) => ({ id: r.id, path: ['qualification', 'pql', i, 'id'] })),
    ],
    null,
    add,
  );
  q.handRaises.forEach((h, i) => requireStage(['qualification', 'handRaises', i, 'to'], h.to));
  q.pql.forEach((r, i) => {
    requireStage(['qualification', 'pql', i], 'pql', ', but this rule qualifies leads into it');
    checkMatch(r.match, ['qualification', 'pql', i, 'match'], add);
  });
  if (q.fallOut) {
    const fo = q.fallOut;
    fo.stages.forEach((s, i) => requireStage(['qualification', 'fallOut', 'stages', i], s));
    requireStage(['qualification', 'fallOut', 'to'], fo.to);
    if (fo.stages.includes(fo.to)) {
      add(['qualification', 'fallOut', 'to'], `a lead cannot fall out of "${fo.to}" into "${fo.to}"`);
    }
  }

  // Feedback, routing, SLA, CRM
  for (const [code, reason] of Object.entries(a.feedback.rejectReasons)) {
    requireStage(['feedback', 'rejectReasons', code, 'to'], reason.to);
  }
  uniqueIds(a.routing.rules, ['routing', 'rules'], add);
  uniqueIds(a.sla.policies, ['sla', 'policies'], add);
  a.sla.policies.forEach((p, i) => requireStage(['sla', 'policies', i, 'stage'], p.stage));
  const seenStatus = new Map<string, number>();
  a.crm.statusMap.forEach((m, i) => {
    requireStage(['crm', 'statusMap', i, 'to'], m.to);
    const key = `${m.system}|${m.object}|${m.status.trim().toLowerCase()}`;
    const first = seenStatus.get(key);
    if (first !== undefined) {
      add(
        ['crm', 'statusMap', i, 'status'],
        `${m.system} ${m.object} status "${m.status}" is already mapped at crm.statusMap[${first}]`,
      );
    } else seenStatus.set(key, i);
  });

  checkSegmentCommitments(a.marketing, add);

  return problems;
}

/** Each segment or territory is committed once, and one dimension's parts never add up to more than the whole. */
function checkSegmentCommitments(
  m: Agreement['marketing'],
  add: (path: (string | number)[], message: string) => void,
): void {
  const seen = new Map<string, number>();
  const sums = new Map<string, number>();
  (m.segments ?? []).forEach((c, i) => {
    const key = `${c.dimension}|${c.value.toLowerCase()}`;
    const first = seen.get(key);
    if (first !== undefined) {
      add(
        ['marketing', 'segments', i, 'value'],
        `${c.dimension} "${c.value}" is already committed at marketing.segments[${first}]`,
      );
    } else seen.set(key, i);
    sums.set(c.dimension, (sums.get(c.dimension) ?? 0) + c.mqlCommitment);
  });
  for (const [dimension, sum] of sums) {
    if (sum > m.mqlCommitment) {
      add(
        ['marketing', 'segments'],
        `the ${dimension} commitments add up to ${sum} MQLs, more than the ${m.mqlCommitment} committed in all`,
      );
    }
  }
}

function checkMatch(
  match: { type: string; event?: string | undefined },
  path: (string | number)[],
  add: (path: (string | number)[], message: string) => void,
): void {
  if (match.event !== undefined && match.type !== 'track' && match.type !== 'page') {
    add([...path, 'event'], `"event" applies to track events and pages only, not to ${match.type}`);
  }
}

function uniqueIds(
  items: readonly { id: string; path?: (string | number)[] }[],
  base: (string | number)[] | null,
  add: (path: (string | number)[], message: string) => void,
): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id))
      add(item.path ?? [...(base ?? []), i, 'id'], `id "${item.id}" is used more than once`);
    seen.add(item.id);
  });
}
