// Workspaces, their people, sessions, API keys, the audit log, accounts and leads.
import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { FitGrade } from '../../domain/agreement.js';
import type { CapCounters } from '../../domain/engagement.js';
import type { EmailDomainType, Region, Seniority, TitleFunction } from '../../domain/lead-profile.js';
import type { PqlUsage } from '../../domain/qualification.js';
import type { Role } from '../../domain/roles.js';
import type { Stage } from '../../domain/stages.js';
import {
  ts,
  createdAt,
  updatedAt,
  workspaceId,
  randomId,
  sequenceId,
  workspaceKey,
  actor,
} from './columns.js';

export type ApiKeyType = 'secret' | 'write';
/** Who wrote an audit entry: a person, an API key, the system itself or the command line. */
export type AuditActorType = 'user' | 'api_key' | 'system' | 'cli';

/** The workspace row: its id is the workspace_id every other table carries. */
export const workspaces = pgTable(
  'workspaces',
  {
    workspaceId: uuid('workspace_id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    timeZone: text('time_zone').notNull().default('UTC'),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('workspaces_slug_key').on(t.slug)],
);

export const users = pgTable(
  'users',
  {
    workspaceId: workspaceId(),
    id: randomId(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    role: text('role').$type<Role>().notNull(),
    timeZone: text('time_zone').notNull().default('UTC'),
    createdAt: createdAt(),
    disabledAt: ts('disabled_at'),
  },
  (t) => [workspaceKey(t), uniqueIndex('users_email_key').on(t.workspaceId, t.email)],
);

export const sessions = pgTable(
  'sessions',
  {
    workspaceId: workspaceId(),
    id: randomId(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [workspaceKey(t), index('sessions_token_hash_idx').on(t.tokenHash)],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    workspaceId: workspaceId(),
    id: randomId(),
    type: text('type').$type<ApiKeyType>().notNull(),
    role: text('role').$type<Role>(),
    name: text('name').notNull(),
    keyPrefix: text('key_prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    /** Write keys are public (they ship inside web pages), so they stay readable; secrets never do. */
    publicKey: text('public_key'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [workspaceKey(t), index('api_keys_key_hash_idx').on(t.keyHash)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    workspaceId: workspaceId(),
    id: sequenceId(),
    at: ts('at').notNull().defaultNow(),
    ...actor<AuditActorType>(),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [workspaceKey(t), index('audit_log_at_idx').on(t.workspaceId, t.at)],
);

export const accounts = pgTable(
  'accounts',
  {
    workspaceId: workspaceId(),
    id: randomId(),
    name: text('name').notNull(),
    domain: text('domain'),
    industry: text('industry'),
    employees: integer('employees'),
    annualRevenue: doublePrecision('annual_revenue'),
    country: text('country'),
    region: text('region'),
    ownerId: uuid('owner_id'),
    externalId: text('external_id'),
    groupId: text('group_id'),
    traits: jsonb('traits').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    workspaceKey(t),
    uniqueIndex('accounts_domain_key').on(t.workspaceId, t.domain),
    uniqueIndex('accounts_external_id_key').on(t.workspaceId, t.externalId),
    uniqueIndex('accounts_group_id_key').on(t.workspaceId, t.groupId),
    index('accounts_created_idx').on(t.workspaceId, t.createdAt, t.id),
  ],
);

export const leads = pgTable(
  'leads',
  {
    workspaceId: workspaceId(),
    id: randomId(),
    email: text('email'),
    emailDomain: text('email_domain'),
    emailDomainType: text('email_domain_type').$type<EmailDomainType>(),
    firstName: text('first_name'),
    lastName: text('last_name'),
    title: text('title'),
    titleFunction: text('title_function').$type<TitleFunction>(),
    titleSeniority: text('title_seniority').$type<Seniority>(),
    company: text('company'),
    industry: text('industry'),
    employees: integer('employees'),
    annualRevenue: doublePrecision('annual_revenue'),
    country: text('country'),
    region: text('region').$type<Region>(),
    phone: text('phone'),
    website: text('website'),
    source: text('source'),
    medium: text('medium'),
    campaign: text('campaign'),
    ownerId: uuid('owner_id'),
    accountId: uuid('account_id'),
    externalId: text('external_id'),
    traits: jsonb('traits').$type<Record<string, unknown>>().notNull().default({}),
    stage: text('stage').$type<Stage>().notNull().default('lead'),
    stageEnteredAt: ts('stage_entered_at').notNull().defaultNow(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    lastActivityAt: ts('last_activity_at'),
    isDeleted: boolean('is_deleted').notNull().default(false),
    // Scoring state (see src/domain/lifecycle.ts LeadScoringState); S values are against the
    // active agreement's epoch.
    fitGrade: text('fit_grade').$type<FitGrade>().notNull().default('D'),
    fitPoints: doublePrecision('fit_points').notNull().default(0),
    engagementS: doublePrecision('engagement_s').notNull().default(0),
    freshS: doublePrecision('fresh_s').notNull().default(0),
    lastContributionAt: ts('last_contribution_at'),
    recycledAt: ts('recycled_at'),
    recyclable: boolean('recyclable').notNull().default(false),
    rejectReason: text('reject_reason'),
    capCounters: jsonb('cap_counters').$type<Partial<CapCounters>>().notNull().default({}),
    pqlUsage: jsonb('pql_usage').$type<PqlUsage>().notNull().default({}),
    scoredVersion: integer('scored_version').notNull().default(0),
    /** When the agreement lets a lead decay out of its stage: the closed-form moment it will. */
    fallOutAt: ts('fall_out_at'),
    mergedIntoId: uuid('merged_into_id'),
    // The hand-off: when it was assigned (inbox order), its routing team, first touch.
    assignedAt: ts('assigned_at'),
    teamId: uuid('team_id'),
    firstTouchAt: ts('first_touch_at'),
  },
  (t) => [
    workspaceKey(t),
    uniqueIndex('leads_email_key').on(t.workspaceId, t.email),
    uniqueIndex('leads_external_id_key').on(t.workspaceId, t.externalId),
    index('leads_created_idx').on(t.workspaceId, t.createdAt, t.id),
    index('leads_stage_idx').on(t.workspaceId, t.stage, t.createdAt),
    index('leads_owner_idx').on(t.workspaceId, t.ownerId, t.stage),
    index('leads_account_idx').on(t.workspaceId, t.accountId),
    // The lead list's other orders and its source and campaign filters (case-insensitive).
    index('leads_stage_entered_idx').on(t.workspaceId, t.stageEnteredAt, t.id),
    index('leads_activity_idx').on(t.workspaceId, sql`coalesce(${t.lastActivityAt}, ${t.createdAt})`, t.id),
    index('leads_source_idx').on(t.workspaceId, sql`lower(${t.source})`, t.createdAt),
    index('leads_campaign_idx').on(t.workspaceId, sql`lower(${t.campaign})`, t.createdAt),
    index('leads_fall_out_idx')
      .on(t.fallOutAt)
      .where(sql`fall_out_at is not null`),
  ],
);
