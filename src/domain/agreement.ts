// The agreement document between sales and marketing: its schema, its types, and its validation.
import { z } from 'zod';
import { conditionSchema } from './conditions.js';
import { ROLES } from './roles.js';
import { REJECT_REASONS } from './reject-codes.js';
import { STAGES } from './stages.js';
import { checkAgreement } from './agreement-checks.js';

export const FIT_GRADES = ['A', 'B', 'C', 'D'] as const;
export type FitGrade = (typeof FIT_GRADES)[number];

export { REJECT_REASONS, type RejectReason } from './reject-codes.js';

export const ACTIVITY_MATCH_TYPES = ['track', 'page', 'identify', 'group'] as const;

// Ids appear in transitions and explanations; no ':' so they never collide with derived ids like `matrix:B2`.
const idSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/,
    'an id is 1–64 letters, digits, "_", "." or "-" (e.g. "pricing-page")',
  );
const labelSchema = z.string().trim().min(1, 'must not be empty').max(200);
const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const positive = z.number().positive('must be greater than 0').refine(Number.isFinite, 'must be finite');
const nonNegative = z.number().min(0, 'must be 0 or more').refine(Number.isFinite, 'must be finite');
const stageSchema = z.enum(STAGES, { error: `must be one of ${STAGES.join(', ')}` });
const fitGradeSchema = z.enum(FIT_GRADES, { error: 'must be one of A, B, C, D' });
const actorSchema = z.enum([...ROLES, 'system'], {
  error: `must be one of ${[...ROLES, 'system'].join(', ')}`,
});

export const funnelStageSchema = z
  .object({
    key: stageSchema,
    label: labelSchema,
    /** The written entry criteria both teams signed: prose for people, not for the machine. */
    definition: z.string().trim().min(1, 'write down what this stage means'),
    owner: z.enum(['marketing', 'sales', 'shared']),
  })
  .strict();

export const transitionRuleSchema = z
  .object({
    from: stageSchema,
    to: z.array(stageSchema).min(1, 'list at least one stage'),
    roles: z.array(actorSchema).min(1, 'list at least one role (or "system")'),
  })
  .strict();

export const fitRuleSchema = z
  .object({
    id: idSchema,
    label: labelSchema,
    /** All conditions must hold; an empty list always holds. */
    when: z.array(conditionSchema),
    /** May be negative (e.g. a free e-mail domain). */
    points: finite,
  })
  .strict();

const scalarSchema = z.union([z.string(), z.number(), z.boolean()]);
export const propertyMatchSchema = z
  .object({
    equals: scalarSchema.optional(),
    contains: z.string().min(1).optional(),
    startsWith: z.string().min(1).optional(),
    in: z
      .array(z.union([z.string(), z.number()]))
      .min(1)
      .optional(),
  })
  .strict()
  .refine(
    (m) =>
      m.equals !== undefined || m.contains !== undefined || m.startsWith !== undefined || m.in !== undefined,
    'a property match needs equals, contains, startsWith or in',
  );

/** Which activities a rule counts: by type, event name (case-insensitive) and properties. */
export const activityMatchSchema = z
  .object({
    type: z.enum(ACTIVITY_MATCH_TYPES),
    /** The track event name, or the page name for `page`; compared case-insensitively. */
    event: z.string().trim().min(1).optional(),
    properties: z.record(z.string().min(1), propertyMatchSchema).optional(),
  })
  .strict();

export const engagementRuleSchema = z
  .object({
    id: idSchema,
    label: labelSchema,
    match: activityMatchSchema,
    points: positive,
    /** Most points this rule may grant a lead per UTC day. */
    perDayCap: positive.optional(),
    /** Most points this rule may grant a lead, ever. */
    lifetimeCap: positive.optional(),
  })
  .strict();

const cellSchema = z
  .string()
  .regex(/^[A-D][1-4]$/, 'a cell is a fit grade A–D then an engagement band 1–4, e.g. "B2"');

export const handRaiseSchema = z
  .object({
    id: idSchema,
    label: labelSchema,
    event: z.string().trim().min(1),
    minFit: fitGradeSchema,
    to: z.enum(['mql', 'pql']),
  })
  .strict();

export const pqlRuleSchema = z
  .object({
    id: idSchema,
    label: labelSchema,
    match: activityMatchSchema,
    minCount: z.int().min(1, 'must be at least 1'),
    withinDays: positive,
    minFit: fitGradeSchema,
  })
  .strict();

export const fallOutSchema = z
  .object({
    stages: z.array(stageSchema).min(1, 'list at least one stage'),
    belowEngagement: positive,
    to: stageSchema,
  })
  .strict();

export const rejectReasonPolicySchema = z
  .object({
    label: labelSchema,
    to: z.enum(['nurture', 'disqualified']),
    recyclable: z.boolean(),
    /** Overrides recycling.coolOffDays for leads rejected with this reason. */
    coolOffDays: nonNegative.optional(),
    noteRequired: z.boolean(),
  })
  .strict();

export const routingRuleSchema = z
  .object({
    id: idSchema,
    label: labelSchema,
    when: z.array(conditionSchema),
    team: z.string().trim().min(1, 'name the team (its key)'),
  })
  .strict();

const slaTargetSchema = z.union(
  [z.object({ businessHours: positive }).strict(), z.object({ businessDays: positive }).strict()],
  { error: 'a target is either { businessHours: n } or { businessDays: n }' },
);

export const slaPolicySchema = z
  .object({
    id: idSchema,
    label: labelSchema,
    stage: stageSchema,
    appliesTo: z.enum(['all', 'hand_raise']),
    /** response: accept/reject stops it; first_touch: a logged call/e-mail/meeting; stage_exit: leaving the stage. */
    clock: z.enum(['response', 'first_touch', 'stage_exit']),
    target: slaTargetSchema,
    warnAtShare: z.number().gt(0, 'must be between 0 and 1').lt(1, 'must be between 0 and 1'),
    escalation: z.object({ notifyManager: z.boolean(), reassign: z.boolean() }).strict(),
  })
  .strict();

export const crmStatusMappingSchema = z
  .object({
    system: z.enum(['salesforce', 'hubspot', 'any']),
    object: z.enum(['lead', 'contact', 'opportunity']),
    status: z.string().trim().min(1),
    to: stageSchema,
    reasonCode: z.enum(REJECT_REASONS, { error: `must be one of ${REJECT_REASONS.join(', ')}` }).optional(),
  })
  .strict();

/** An opportunity stage as the CRM names it, its default probability and whether it is open, won or lost. */
export const opportunityStageSchema = z
  .object({
    name: labelSchema,
    probability: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1'),
    outcome: z.enum(['open', 'won', 'lost']),
  })
  .strict();

// The document's shape; cross-field rules are layered on below, in `agreementSchema`.
/** MQLs marketing commits for one segment (the lead's industry) or territory (its region) per period. */
const segmentCommitmentSchema = z
  .object({
    dimension: z.enum(['segment', 'territory']),
    value: z.string().trim().min(1, 'name the segment or territory'),
    mqlCommitment: z.int().min(0, 'must be 0 or more'),
  })
  .strict();

export const agreementShapeSchema = z
  .object({
    name: labelSchema,
    notes: z.string().optional(),
    funnel: z
      .object({
        stages: z.array(funnelStageSchema).min(1, 'the funnel needs stages'),
        transitions: z.array(transitionRuleSchema),
      })
      .strict(),
    fit: z
      .object({
        rules: z.array(fitRuleSchema),
        /** Minimum points for each grade; below C is D. */
        grades: z.object({ A: finite, B: finite, C: finite }).strict(),
      })
      .strict(),
    engagement: z
      .object({
        halfLifeDays: z.number().min(1, 'must be at least 1 day').refine(Number.isFinite, 'must be finite'),
        /** Minimum decayed engagement for bands 1..3; below band 3 is band 4. */
        bands: z.object({ '1': positive, '2': positive, '3': positive }).strict(),
        rules: z.array(engagementRuleSchema),
      })
      .strict(),
    qualification: z
      .object({
        mql: z.object({ cells: z.array(cellSchema) }).strict(),
        handRaises: z.array(handRaiseSchema),
        pql: z.array(pqlRuleSchema),
        /** Without this, a lead never decays out of a stage. */
        fallOut: fallOutSchema.optional(),
      })
      .strict(),
    recycling: z
      .object({
        coolOffDays: nonNegative,
        freshEngagement: nonNegative,
        handRaiseBypassesCoolOff: z.boolean(),
      })
      .strict(),
    feedback: z
      .object({
        rejectReasons: z
          .object({
            not_a_fit: rejectReasonPolicySchema,
            wrong_size: rejectReasonPolicySchema,
            wrong_contact: rejectReasonPolicySchema,
            not_interested: rejectReasonPolicySchema,
            no_budget_timing: rejectReasonPolicySchema,
            duplicate: rejectReasonPolicySchema,
            bad_data: rejectReasonPolicySchema,
            other: rejectReasonPolicySchema,
          })
          .strict(),
      })
      .strict(),
    routing: z
      .object({
        useAccountOwner: z.boolean(),
        rules: z.array(routingRuleSchema),
        fallbackTeam: z.string().trim().min(1, 'name the team or use null').nullable(),
      })
      .strict(),
    sla: z.object({ policies: z.array(slaPolicySchema) }).strict(),
    crm: z.object({ statusMap: z.array(crmStatusMappingSchema) }).strict(),
    /** The opportunity side: the CRM's stages with their default probabilities (absent: the defaults). */
    opportunities: z
      .object({
        stages: z
          .array(opportunityStageSchema)
          .min(1, 'name the opportunity stages')
          .refine((s) => s.some((x) => x.outcome === 'won'), 'needs a stage whose outcome is won')
          .refine((s) => s.some((x) => x.outcome === 'lost'), 'needs a stage whose outcome is lost')
          .refine(
            (s) => new Set(s.map((x) => x.name.toLowerCase())).size === s.length,
            'stage names must be unique',
          ),
      })
      .strict()
      .optional(),
    marketing: z
      .object({
        period: z.enum(['month', 'quarter']),
        mqlCommitment: z.int().min(0, 'must be 0 or more'),
        minAcceptanceRate: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1'),
        /** Part of the commitment promised per vertical (segment) or territory, as each team thinks of it. */
        segments: z.array(segmentCommitmentSchema).optional(),
      })
      .strict(),
  })
  .strict();

export type Agreement = z.output<typeof agreementShapeSchema>;
export type AgreementInput = z.input<typeof agreementShapeSchema>;

export const agreementSchema = agreementShapeSchema.superRefine((agreement, ctx) => {
  for (const problem of checkAgreement(agreement)) {
    ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
  }
});

export type FunnelStage = Agreement['funnel']['stages'][number];
export type TransitionRule = Agreement['funnel']['transitions'][number];
export type FitRule = z.output<typeof fitRuleSchema>;
export type EngagementRule = z.output<typeof engagementRuleSchema>;
export type ActivityMatch = z.output<typeof activityMatchSchema>;
export type PropertyMatch = z.output<typeof propertyMatchSchema>;
export type HandRaiseRule = z.output<typeof handRaiseSchema>;
export type PqlRule = z.output<typeof pqlRuleSchema>;
export type FallOut = z.output<typeof fallOutSchema>;
export type RejectReasonPolicy = z.output<typeof rejectReasonPolicySchema>;
export type RoutingRule = z.output<typeof routingRuleSchema>;
export type SlaPolicy = z.output<typeof slaPolicySchema>;
export type CrmStatusMapping = z.output<typeof crmStatusMappingSchema>;
export type OpportunityStage = z.output<typeof opportunityStageSchema>;
export type SegmentCommitment = z.output<typeof segmentCommitmentSchema>;

/** One problem with an agreement: where (`fit.rules[2].points`) and what, plus the line when parsed from text. */
export interface AgreementError {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

export type AgreementParseResult =
  { ok: true; agreement: Agreement } | { ok: false; errors: AgreementError[] };

/** Validate an agreement document (shape, then cross-field rules) and say exactly what is wrong. */
export function parseAgreement(input: unknown): AgreementParseResult {
  const result = validateAgreement(input);
  if (result.ok) return result;
  return {
    ok: false,
    errors: result.problems.map((p) => ({ path: formatPath(p.path), message: p.message })),
  };
}

/** Like parseAgreement, with raw paths (`['fit', 'rules', 2]`) for callers that locate them in a text. */
export type AgreementValidation =
  { ok: true; agreement: Agreement } | { ok: false; problems: { path: PropertyKey[]; message: string }[] };

export function validateAgreement(input: unknown): AgreementValidation {
  const result = agreementSchema.safeParse(input);
  if (result.success) return { ok: true, agreement: result.data };
  // One problem per unknown key, pointing at the key itself: that is where the person has to look.
  const problems = result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: [...issue.path, key], message: `unknown field "${key}"` }))
      : [{ path: issue.path, message: issue.message }],
  );
  return { ok: false, problems };
}

/** `['fit', 'rules', 2, 'points']` → `fit.rules[2].points`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[\w$-]+$/.test(segment))
      out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}
