// Roles of workspace members and API keys, and what each may do.

export const ROLES = ['admin', 'marketing', 'sales_manager', 'sales_rep'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  'leads:read': ['admin', 'marketing', 'sales_manager', 'sales_rep'],
  'leads:write': ['admin', 'marketing', 'sales_manager', 'sales_rep'],
  'leads:assign': ['admin', 'sales_manager'],
  /** Accept, reject, log touches: the lead's owner or a manager (checked per lead as well). */
  'leads:feedback': ['admin', 'sales_manager', 'sales_rep'],
  /** Comment on a lead (and @mention members): both teams. */
  'leads:comment': ['admin', 'marketing', 'sales_manager', 'sales_rep'],
  /** Flag a lead as a good one: sales. */
  'leads:flag': ['admin', 'sales_manager', 'sales_rep'],
  /** Dispute a rejection: marketing. */
  'leads:dispute': ['admin', 'marketing'],
  /** Uphold or reverse a disputed rejection: a sales manager. */
  'disputes:resolve': ['admin', 'sales_manager'],
  'crm:write': ['admin', 'sales_manager'],
  'accounts:read': ['admin', 'marketing', 'sales_manager', 'sales_rep'],
  'accounts:write': ['admin', 'marketing', 'sales_manager'],
  'opportunities:read': ['admin', 'marketing', 'sales_manager', 'sales_rep'],
  /** Create and change opportunities (winning or losing one moves its lead): sales. */
  'opportunities:write': ['admin', 'sales_manager', 'sales_rep'],
  'agreement:read': ['admin', 'marketing', 'sales_manager', 'sales_rep'],
  'agreement:write': ['admin'],
  'users:read': ['admin', 'marketing', 'sales_manager', 'sales_rep'],
  'users:write': ['admin'],
  'teams:write': ['admin', 'sales_manager'],
  'keys:manage': ['admin'],
  'settings:manage': ['admin'],
  'audit:read': ['admin'],
  'webhooks:manage': ['admin'],
  /** Import CSV files of leads and accounts, read their error reports, undo them. */
  'imports:manage': ['admin', 'marketing'],
  /** The shared reports (funnel, velocity, …): both teams see the same numbers. */
  'reports:read': ['admin', 'marketing', 'sales_manager', 'sales_rep'],
  /** Record what each channel cost per month (spend and return, the planner): marketing. */
  'spend:manage': ['admin', 'marketing'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
