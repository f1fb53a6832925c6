// Conditions on a lead's profile, shared by fit rules, routing rules and SLA policies.
import { z } from 'zod';
import type { LeadProfile } from './lead-profile.js';

export const PROFILE_FIELDS = [
  'email',
  'emailDomain',
  'emailDomainType',
  'firstName',
  'lastName',
  'title',
  'titleFunction',
  'titleSeniority',
  'company',
  'industry',
  'employees',
  'annualRevenue',
  'country',
  'region',
  'source',
  'medium',
  'campaign',
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

const fieldSchema = z.union([
  z.enum(PROFILE_FIELDS),
  z.string().regex(/^traits\.[A-Za-z0-9_.-]+$/, 'a profile field or traits.<name>'),
]);
const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const conditionSchema = z.discriminatedUnion('op', [
  z.object({ field: fieldSchema, op: z.literal('equals'), value: scalar }).strict(),
  z.object({ field: fieldSchema, op: z.literal('in'), values: z.array(scalar).min(1) }).strict(),
  z.object({ field: fieldSchema, op: z.literal('notIn'), values: z.array(scalar).min(1) }).strict(),
  z
    .object({
      field: fieldSchema,
      op: z.literal('range'),
      min: z.number().optional(),
      max: z.number().optional(),
    })
    .strict()
    .refine((c) => c.min !== undefined || c.max !== undefined, 'range needs min or max'),
  z.object({ field: fieldSchema, op: z.literal('exists') }).strict(),
  z.object({ field: fieldSchema, op: z.literal('notExists') }).strict(),
  z.object({ field: fieldSchema, op: z.literal('contains'), value: z.string().min(1) }).strict(),
]);
export type Condition = z.infer<typeof conditionSchema>;

export function profileValue(profile: LeadProfile, field: string): unknown {
  if (field.startsWith('traits.')) return profile.traits[field.slice('traits.'.length)];
  return (profile as unknown as Record<string, unknown>)[field];
}

function isPresent(v: unknown): boolean {
  return v !== null && v !== undefined && v !== '';
}

// Strings compare case-insensitively: "SaaS" and "saas" are the same industry to a person.
function sameScalar(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof b === 'number' && typeof a === 'string' && a.trim() !== '') return Number(a) === b;
  return a === b;
}

/** Does the profile meet the condition? A missing value meets only `notExists` and `notIn`. */
export function matchesCondition(profile: LeadProfile, condition: Condition): boolean {
  const v = profileValue(profile, condition.field);
  switch (condition.op) {
    case 'exists':
      return isPresent(v);
    case 'notExists':
      return !isPresent(v);
    case 'equals':
      return isPresent(v) && sameScalar(v, condition.value);
    case 'in':
      return isPresent(v) && condition.values.some((x) => sameScalar(v, x));
    case 'notIn':
      return !isPresent(v) || !condition.values.some((x) => sameScalar(v, x));
    case 'contains':
      return typeof v === 'string' && v.toLowerCase().includes(condition.value.toLowerCase());
    case 'range': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (!Number.isFinite(n)) return false;
      if (condition.min !== undefined && n < condition.min) return false;
      if (condition.max !== undefined && n > condition.max) return false;
      return true;
    }
  }
}

/** All of the conditions hold (an empty list always holds). */
export function matchesAll(profile: LeadProfile, conditions: readonly Condition[]): boolean {
  return conditions.every((c) => matchesCondition(profile, c));
}
