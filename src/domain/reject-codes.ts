// The built-in reject reason codes every agreement maps, in their order. A module of its own, free of
// zod, so the web app can list them without bundling the agreement's schema.
export const REJECT_REASONS = [
  'not_a_fit',
  'wrong_size',
  'wrong_contact',
  'not_interested',
  'no_budget_timing',
  'duplicate',
  'bad_data',
  'other',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
