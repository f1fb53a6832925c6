// Lead rows mapped to the engine's aggregate (src/domain/engine-lead.ts): locked, updated set-based.
import type { FitGrade } from '../domain/agreement.js';
import type { CapCounters } from '../domain/engagement.js';
import type { EngineLead } from '../domain/engine-lead.js';
import type { EmailDomainType, Region, Seniority, TitleFunction } from '../domain/lead-profile.js';
import type { PqlUsage } from '../domain/qualification.js';
import type { Stage } from '../domain/stages.js';
import type { Queryable } from './db.js';

export type { EngineLead } from '../domain/engine-lead.js';

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

/** One lead, not locked (null when there is none, or it was deleted). */
export async function getEngineLead(
  q: Queryable,
  workspaceId: string,
  id: string,
): Promise<EngineLead | null> {
  const rows = await q.query<Row>(
    `select * from leads where workspace_id = $1 and id = $2 and not is_deleted`,
    [workspaceId, id],
  );
  return rows[0] ? toEngineLead(rows[0]) : null;
}

/** Whether a lead with this id was ever stored (its history outlives a deletion). */
export async function leadExists(q: Queryable, workspaceId: string, id: string): Promise<boolean> {
  const rows = await q.query(`select 1 from leads where workspace_id = $1 and id = $2`, [workspaceId, id]);
  return rows.length > 0;
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
  // The rows travel as one JSON array (json_to_recordset): one value to serialise and parse, and
  // the JSON columns arrive as JSON, not as text inside text arrays.
  const rows = leads.map((l) => ({
    id: l.id,
    email: l.profile.email,
    email_domain: l.profile.emailDomain,
    email_domain_type: l.profile.emailDomainType,
    first_name: l.profile.firstName,
    last_name: l.profile.lastName,
    title: l.profile.title,
    title_function: l.profile.titleFunction,
    title_seniority: l.profile.titleSeniority,
    company: l.profile.company,
    industry: l.profile.industry,
    employees: l.profile.employees === null ? null : Math.round(l.profile.employees),
    annual_revenue: l.profile.annualRevenue,
    country: l.profile.country,
    region: l.profile.region,
    source: l.profile.source,
    medium: l.profile.medium,
    campaign: l.profile.campaign,
    traits: l.profile.traits,
    phone: l.phone,
    website: l.website,
    account_id: l.accountId,
    stage: l.state.stage,
    stage_entered_at: l.state.stageEnteredAt,
    fit_grade: l.state.fitGrade,
    fit_points: l.state.fitPoints,
    engagement_s: l.state.engagementS,
    fresh_s: l.state.freshS,
    last_contribution_at: l.state.lastContributionAt,
    recycled_at: l.state.recycledAt,
    recyclable: l.state.recyclable,
    reject_reason: l.state.rejectReason,
    cap_counters: l.counters,
    pql_usage: l.usage,
    last_activity_at: l.lastActivityAt,
    fall_out_at: l.fallOutAt,
  }));
  return {
    sql: `update leads l set
        email = v.email, email_domain = v.email_domain, email_domain_type = v.email_domain_type,
        first_name = v.first_name, last_name = v.last_name, title = v.title,
        title_function = v.title_function, title_seniority = v.title_seniority,
        company = v.company, industry = v.industry, employees = v.employees, annual_revenue = v.annual_revenue,
        country = v.country, region = v.region, source = v.source, medium = v.medium, campaign = v.campaign,
        traits = v.traits, phone = v.phone, website = v.website, account_id = v.account_id,
        stage = v.stage, stage_entered_at = v.stage_entered_at, fit_grade = v.fit_grade, fit_points = v.fit_points,
        engagement_s = v.engagement_s, fresh_s = v.fresh_s, last_contribution_at = v.last_contribution_at,
        recycled_at = v.recycled_at, recyclable = v.recyclable, reject_reason = v.reject_reason,
        cap_counters = v.cap_counters, pql_usage = v.pql_usage,
        last_activity_at = v.last_activity_at, fall_out_at = v.fall_out_at, scored_version = $${first}, updated_at = now()
       from json_to_recordset($${first + 1}::json)
         as v(id uuid, email text, email_domain text, email_domain_type text, first_name text, last_name text,
              title text, title_function text, title_seniority text, company text, industry text, employees int,
              annual_revenue float8, country text, region text, source text, medium text, campaign text,
              traits jsonb, phone text, website text, account_id uuid, stage text, stage_entered_at timestamptz,
              fit_grade text, fit_points float8, engagement_s float8, fresh_s float8,
              last_contribution_at timestamptz, recycled_at timestamptz, recyclable bool, reject_reason text,
              cap_counters jsonb, pql_usage jsonb, last_activity_at timestamptz, fall_out_at timestamptz)
      where l.workspace_id = $1 and l.id = v.id`,
    params: [version, JSON.stringify(rows)],
  };
}
