// The agreement's rules as sentences people read: "Title seniority is VP or C-level",
// "MQL: accept or reject within 8 business hours; warn at 75%; then notify the manager and reassign".
import type { Agreement } from '../../api.js';
import { countryName, formatCompact, formatNumber, formatPercent, humanize } from '../../format.js';
import { stageLabel } from '../../stages.js';

type Condition = Agreement['fit']['rules'][number]['when'][number];
type ActivityMatch = Agreement['engagement']['rules'][number]['match'];
type SlaPolicy = Agreement['sla']['policies'][number];

const FIELD_NAMES: Record<string, string> = {
  email: 'E-mail',
  emailDomain: 'E-mail domain',
  emailDomainType: 'E-mail address type',
  firstName: 'First name',
  lastName: 'Last name',
  title: 'Job title',
  titleFunction: 'Job function',
  titleSeniority: 'Title seniority',
  company: 'Company',
  industry: 'Industry',
  employees: 'Employees',
  annualRevenue: 'Annual revenue',
  country: 'Country',
  region: 'Region',
  source: 'Source',
  medium: 'Medium',
  campaign: 'Campaign',
};

export function fieldName(field: string): string {
  if (field.startsWith('traits.')) return `Trait “${field.slice('traits.'.length)}”`;
  return FIELD_NAMES[field] ?? humanize(field);
}

function value(field: string, v: string | number | boolean): string {
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return field === 'annualRevenue' ? `$${formatCompact(v)}` : formatNumber(v);
  if (field === 'country' && /^[A-Za-z]{2}$/.test(v)) return countryName(v);
  if (field === 'titleSeniority' || field === 'titleFunction' || field === 'emailDomainType')
    return humanize(v);
  return v;
}

/** "A, B or C"; "A or B"; "A". */
export function orList(items: readonly string[], word = 'or'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`;
}

export function conditionSentence(c: Condition): string {
  const name = fieldName(c.field);
  switch (c.op) {
    case 'equals':
      return `${name} is ${value(c.field, c.value)}`;
    case 'in':
      return `${name} is ${orList(c.values.map((v) => value(c.field, v)))}`;
    case 'notIn':
      return `${name} is not ${orList(c.values.map((v) => value(c.field, v)))}`;
    case 'exists':
      return `${name} is known`;
    case 'notExists':
      return `${name} is unknown`;
    case 'contains':
      return `${name} contains “${c.value}”`;
    case 'range': {
      const min = c.min === undefined ? null : value(c.field, c.min);
      const max = c.max === undefined ? null : value(c.field, c.max);
      if (min !== null && max !== null) return `${name} is between ${min} and ${max}`;
      if (min !== null) return `${name} is at least ${min}`;
      return `${name} is at most ${max}`;
    }
  }
}

/** All conditions, joined: "Title seniority is VP and Employees is at least 50"; none: "Every lead". */
export function conditionsSentence(conditions: readonly Condition[]): string {
  if (conditions.length === 0) return 'Every lead';
  return conditions.map(conditionSentence).join(' and ');
}

/** What an engagement rule counts: "a “Webinar Attended” event", "a page view whose path starts with /pricing". */
export function activitySentence(match: ActivityMatch): string {
  let subject: string;
  if (match.type === 'page') subject = match.event ? `a view of the “${match.event}” page` : 'a page view';
  else if (match.type === 'track') subject = match.event ? `a “${match.event}” event` : 'any tracked event';
  else if (match.type === 'identify') subject = 'an identify call';
  else subject = 'a group call';
  const tests = Object.entries(match.properties ?? {}).map(([key, t]) => {
    const parts: string[] = [];
    if (t.equals !== undefined) parts.push(`is ${String(t.equals)}`);
    if (t.in !== undefined) parts.push(`is ${orList(t.in.map(String))}`);
    if (t.contains !== undefined) parts.push(`contains “${t.contains}”`);
    if (t.startsWith !== undefined) parts.push(`starts with ${t.startsWith}`);
    return `${key} ${parts.join(' and ')}`;
  });
  return tests.length ? `${subject} whose ${tests.join(' and ')}` : subject;
}

function target(t: SlaPolicy['target']): string {
  if ('businessHours' in t)
    return `${formatNumber(t.businessHours)} business hour${t.businessHours === 1 ? '' : 's'}`;
  return `${formatNumber(t.businessDays)} business day${t.businessDays === 1 ? '' : 's'}`;
}

const CLOCK_VERBS: Record<SlaPolicy['clock'], string> = {
  response: 'accept or reject',
  first_touch: 'first touch (a call, e-mail or meeting)',
  stage_exit: 'move it on',
};

/** "MQL: accept or reject within 8 business hours; warn at 75%; then notify the manager and reassign". */
export function slaSentence(p: SlaPolicy): string {
  const who = p.appliesTo === 'hand_raise' ? ' (hand-raises)' : '';
  const { notifyManager, reassign } = p.escalation;
  const then =
    notifyManager && reassign
      ? 'then notify the manager and reassign'
      : notifyManager
        ? 'then notify the manager'
        : reassign
          ? 'then reassign'
          : 'no escalation';
  return `${stageLabel(p.stage).short}${who}: ${CLOCK_VERBS[p.clock]} within ${target(p.target)}; warn at ${formatPercent(p.warnAtShare)}; ${then}`;
}

const ACTOR_NAMES: Record<string, string> = {
  admin: 'admins',
  marketing: 'marketing',
  sales_manager: 'sales managers',
  sales_rep: 'sales reps',
  system: 'Tandem',
};
export const actorsText = (roles: readonly string[]): string =>
  orList(roles.map((r) => ACTOR_NAMES[r] ?? humanize(r)));

const SYSTEMS: Record<string, string> = { salesforce: 'Salesforce', hubspot: 'HubSpot', any: 'Any CRM' };
export const crmSystemName = (s: string): string => SYSTEMS[s] ?? humanize(s);
