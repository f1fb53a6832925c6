// A lead as the scoring engine sees it: profile plus scoring state, locked, updated set-based.
import type { FitGrade } from '../domain/agreement.js';
import type { CapCounters } from '../domain/engagement.js';
import type {
  EmailDomainType,
  LeadProfile,
  Region,
  Seniority,
  TitleFunction,
} from '../domain/lead-profile.js';
import type { LeadScoringState } from '../domain/lifecycle.js';
import type { PqlUsage } from '../domain/qualification.js';
import type { Stage } from '../domain/stages.js';
import type { Queryable } from './db.js';

export interface EngineLead {
  id: string;
  profile: LeadProfile;
  phone: string | null;
  website: string | null;
  accountId: string | null;
  ownerId: string | null;
  state: LeadScoringState;
  counters: CapCounters;
  usage: PqlUsage;
  createdAt: Date;
  lastActivityAt: Date | null;
  scoredVersion: number;
  fallOutAt: Date | null;
}

type Row = Record<string, unknown>;

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));

export function toEngineLead(r: Row): EngineLead {
  return {
    id: r.id as string,
    profile: {
      email: str(r.email),
      emailDomain: str(r.email_domain),
      emailDomainType: str(r.email_domain_type) as EmailDomainType | null,
      firstName: str(r.first_name),
      lastName: str(r.last_name),
      title: str(r.title),
      titleFunction: str(r.title_function) as TitleFunction | null,
      titleSeniority: str(r.title_seniority) as Seniority | null,
      company: str(r.company),
      industry: str(r.industry),
      employees: num(r.employees),
      annualRevenue: num(r.annual_revenue),
      country: str(r.country),
      region: str(r.region) as Region | null,
      source: str(r.source),
      medium: str(r.medium),
      campaign: str(r.campaign),
      traits: (r.traits as Record<string, unknown>) ?? {},
    },
    phone: str(r.phone),
    website: str(r.website),
    accountId: str(r.account_id),
    ownerId: str(r.owner_id),
    state: {
      stage: r.stage as Stage,
      stageEnteredAt: date(r.stage_entered_at)!,
      fitGrade: r.fit_grade as FitGrade,
      fitPoints: Number(r.fit_points),
      engagementS: Number(r.engagement_s),
      lastContributionAt: date(r.last_contribution_at),
      freshS: Number(r.fresh_s),
      recycledAt: date(r.recycled_at),
      recyclable: Boolean(r.recyclable),
      rejectReason: str(r.reject_reason),
    },
    counters: { daily: {}, lifetime: {}, ...(r.cap_counters as Partial<CapCounters>) },
    usage: (r.pql_usage as PqlUsage) ?? {},
    createdAt: date(r.created_at)!,
    lastActivityAt: date(r.last_activity_at),
    scoredVersion: Number(r.scored_version),
    fallOutAt: date(r.fall_out_at),
  };
}

/** Reads and row-locks the leads (in id order, so two batches never deadlock on each other). */
export async function lockEngineLeads(
  q: Queryable,
  workspaceId: string,
  ids: readonly string[],
): Promise<EngineLead[]> {
  if (ids.length === 0) return [];
  const rows = await q.query<Row>(
    `select * from leads where workspace_id = $1 and id = any($2::uuid[]) and not is_deleted order by id for update`,
    [workspaceId, ids],
  );
  return rows.map(toEngineLead);
}

export interface NewLeadRow {
  id: string;
  email: string | null;
  createdAt: Date;
  fitGrade: FitGrade;
  fitPoints: number;
}

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/** A statement part: SQL whose parameters start at `first`, and their values. */
export interface StatementPart {
  sql: string;
  params: unknown[];
}

/**
 * The UPDATE writing profile and scoring state of many leads (one row each, from arrays);
 * $1 is the workspace id, its own parameters start at `first`.
 */
export function leadStateUpdate(first: number, leads: readonly EngineLead[], version: number): StatementPart {
  const p = (n: number) => `$${first + n - 1}`;
  const col = <T>(f: (l: EngineLead) => T): T[] => leads.map(f);
  return {
    sql: `update leads l set
        email = v.email, email_domain = v.email_domain, email_domain_type = v.email_domain_type,
        first_name = v.first_name, last_name = v.last_name, title = v.title,
        title_function = v.title_function, title_seniority = v.title_seniority,
        company = v.company, industry = v.industry, employees = v.employees, annual_revenue = v.annual_revenue,
        country = v.country, region = v.region, source = v.source, medium = v.medium, campaign = v.campaign,
        traits = v.traits::jsonb, phone = v.phone, website = v.website, account_id = v.account_id,
        stage = v.stage, stage_entered_at = v.stage_entered_at, fit_grade = v.fit_grade, fit_points = v.fit_points,
        engagement_s = v.engagement_s, fresh_s = v.fresh_s, last_contribution_at = v.last_contribution_at,
        recycled_at = v.recycled_at, recyclable = v.recyclable, reject_reason = v.reject_reason,
        cap_counters = v.cap_counters::jsonb, pql_usage = v.pql_usage::jsonb,
        last_activity_at = v.last_activity_at, fall_out_at = v.fall_out_at, scored_version = ${p(1)}, updated_at = now()
       from unnest(
         ${p(2)}::uuid[], ${p(3)}::text[], ${p(4)}::text[], ${p(5)}::text[], ${p(6)}::text[], ${p(7)}::text[], ${p(8)}::text[], ${p(9)}::text[], ${p(10)}::text[],
         ${p(11)}::text[], ${p(12)}::text[], ${p(13)}::int[], ${p(14)}::float8[], ${p(15)}::text[], ${p(16)}::text[], ${p(17)}::text[], ${p(18)}::text[],
         ${p(19)}::text[], ${p(20)}::text[], ${p(21)}::text[], ${p(22)}::text[], ${p(23)}::uuid[], ${p(24)}::text[], ${p(25)}::timestamptz[],
         ${p(26)}::text[], ${p(27)}::float8[], ${p(28)}::float8[], ${p(29)}::float8[], ${p(30)}::timestamptz[], ${p(31)}::timestamptz[],
         ${p(32)}::bool[], ${p(33)}::text[], ${p(34)}::text[], ${p(35)}::text[], ${p(36)}::timestamptz[], ${p(37)}::timestamptz[]
       ) as v(id, email, email_domain, email_domain_type, first_name, last_name, title, title_function,
              title_seniority, company, industry, employees, annual_revenue, country, region, source, medium,
              campaign, traits, phone, website, account_id, stage, stage_entered_at, fit_grade, fit_points,
              engagement_s, fresh_s, last_contribution_at, recycled_at, recyclable, reject_reason, cap_counters,
              pql_usage, last_activity_at, fall_out_at)
      where l.workspace_id = $1 and l.id = v.id`,
    params: [
      version,
      col((l) => l.id),
      col((l) => l.profile.email),
      col((l) => l.profile.emailDomain),
      col((l) => l.profile.emailDomainType),
      col((l) => l.profile.firstName),
      col((l) => l.profile.lastName),
      col((l) => l.profile.title),
      col((l) => l.profile.titleFunction),
      col((l) => l.profile.titleSeniority),
      col((l) => l.profile.company),
      col((l) => l.profile.industry),
      col((l) => (l.profile.employees === null ? null : Math.round(l.profile.employees))),
      col((l) => l.profile.annualRevenue),
      col((l) => l.profile.country),
      col((l) => l.profile.region),
      col((l) => l.profile.source),
      col((l) => l.profile.medium),
      col((l) => l.profile.campaign),
      col((l) => JSON.stringify(l.profile.traits)),
      col((l) => l.phone),
      col((l) => l.website),
      col((l) => l.accountId),
      col((l) => l.state.stage),
      col((l) => iso(l.state.stageEnteredAt)),
      col((l) => l.state.fitGrade),
      col((l) => l.state.fitPoints),
      col((l) => l.state.engagementS),
      col((l) => l.state.freshS),
      col((l) => iso(l.state.lastContributionAt)),
      col((l) => iso(l.state.recycledAt)),
      col((l) => l.state.recyclable),
      col((l) => l.state.rejectReason),
      col((l) => JSON.stringify(l.counters)),
      col((l) => JSON.stringify(l.usage)),
      col((l) => iso(l.lastActivityAt)),
      col((l) => iso(l.fallOutAt)),
    ],
  };
}
