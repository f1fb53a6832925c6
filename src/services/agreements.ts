// The agreement in force: loading it (cached per version), drafts, and activating a new version.
import { type Agreement, type AgreementError, parseAgreement } from '../domain/agreement.js';
import { parseAgreementText } from '../domain/agreement-text.js';
import { defaultAgreement } from '../domain/default-agreement.js';
import { engagementAt } from '../domain/engagement.js';
import { type RejectReasonCodeRow, withWorkspaceReasons } from '../domain/reject-reasons.js';
import { AppError } from '../domain/errors.js';
import { type AuditActor, recordAudit } from '../store/audit-log.js';
import type { Queryable } from '../store/db.js';
import {
  type AgreementVersion,
  activateDraft,
  activeAgreementHead,
  activeAgreementRow,
  agreementRow,
  agreementVersions,
  draftAgreementRow,
  upsertDraft,
} from '../store/agreements.js';
import { startRescoreRun } from '../store/rescore-runs.js';
import type { Deps } from './deps.js';

export interface ActiveAgreement {
  agreement: Agreement;
  version: number;
  /** T₀ of the engagement sums under this version. */
  epoch: Date;
}

/** Midnight UTC of the day: the engagement epoch of a version activated that day. */
export const epochFor = (at: Date): Date =>
  new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));

// Parsed documents by workspace and version: a version never changes once active, so the hot path
// reads only (version, epoch) and parses a document once per node.
const parsed = new Map<string, Agreement>();

function parseStored(workspaceId: string, version: number, document: unknown): Agreement {
  const result = parseAgreement(document);
  if (!result.ok) {
    throw new Error(
      `stored agreement v${version} of ${workspaceId} is invalid: ${result.errors[0]?.message}`,
    );
  }
  if (parsed.size > 1000) parsed.clear();
  parsed.set(`${workspaceId}:${version}`, result.agreement);
  return result.agreement;
}

export async function loadActiveAgreement(q: Queryable, workspaceId: string): Promise<ActiveAgreement> {
  const head = await activeAgreementHead(q, workspaceId);
  if (!head) throw new Error(`workspace ${workspaceId} has no active agreement`);
  return agreementOfVersion(q, workspaceId, head);
}

/**
 * The agreement of a version already read: parsed once per node, then applied with the workspace's
 * own reject reason codes (read with the head, so they are never stale).
 */
export async function agreementOfVersion(
  q: Queryable,
  workspaceId: string,
  head: { version: number; epoch: Date; reasonCodes: readonly RejectReasonCodeRow[] },
): Promise<ActiveAgreement> {
  const cached = parsed.get(`${workspaceId}:${head.version}`);
  if (cached) {
    return {
      agreement: withWorkspaceReasons(cached, head.reasonCodes),
      version: head.version,
      epoch: head.epoch,
    };
  }
  const row = await agreementRow(q, workspaceId, head.version);
  if (!row) throw new Error(`agreement v${head.version} of ${workspaceId} vanished`);
  return {
    agreement: withWorkspaceReasons(parseStored(workspaceId, row.version, row.document), head.reasonCodes),
    version: row.version,
    epoch: row.epoch,
  };
}

/** Every version that has been in force, oldest first, from the moment it was activated. */
export async function agreementsInForce(
  q: Queryable,
  workspaceId: string,
): Promise<{ since: Date; version: number; agreement: Agreement }[]> {
  const versions = await agreementVersions(q, workspaceId);
  return versions
    .flatMap((v) => (v.activatedAt && v.status !== 'draft' ? [{ ...v, since: v.activatedAt }] : []))
    .sort((a, b) => a.since.getTime() - b.since.getTime())
    .map((v) => ({
      since: v.since,
      version: v.version,
      agreement: parsed.get(`${workspaceId}:${v.version}`) ?? parseStored(workspaceId, v.version, v.document),
    }));
}

/** Version 1 of a new workspace: the default agreement (or `first`), active from the start. */
export async function installFirstAgreement(
  tx: Queryable,
  workspaceId: string,
  actor: AuditActor,
  now: Date,
  first?: { document: Agreement; note: string },
): Promise<void> {
  const parsed = parseAgreement(first?.document ?? defaultAgreement());
  if (!parsed.ok) throw invalidAgreement(parsed.errors);
  await upsertDraft(tx, workspaceId, {
    document: parsed.agreement,
    note: first?.note ?? 'The default agreement Tandem ships with.',
    createdBy: actor.label,
    epoch: epochFor(now),
  });
  await activateDraft(tx, workspaceId, { activatedBy: actor.label, epoch: epochFor(now), at: now });
}

function invalidAgreement(errors: AgreementError[]): AppError {
  const where = (e: AgreementError) => (e.line ? ` (line ${e.line})` : '');
  return new AppError(
    'validation_failed',
    `The agreement is not valid: ${errors
      .slice(0, 3)
      .map((e) => `${e.path || '(document)'}: ${e.message}${where(e)}`)
      .join('; ')}`,
    errors.map((e) => ({
      field: e.path ? `document.${e.path}` : 'document',
      message: `${e.message}${where(e)}`,
    })),
  );
}

export async function readAgreements(
  deps: Deps,
  workspaceId: string,
): Promise<{ active: AgreementVersion; draft: AgreementVersion | null }> {
  const [active, draft] = await Promise.all([
    activeAgreementRow(deps.db, workspaceId),
    draftAgreementRow(deps.db, workspaceId),
  ]);
  if (!active) throw new Error(`workspace ${workspaceId} has no active agreement`);
  return { active, draft };
}

/** Saves a draft after validating it; errors name the path of each mistake. */
export async function saveDraft(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  input: { document: unknown } | { text: string; format: 'json' | 'yaml' },
  note: string | null,
): Promise<AgreementVersion> {
  const result =
    'text' in input ? parseAgreementText(input.text, input.format) : parseAgreement(input.document);
  if (!result.ok) throw invalidAgreement(result.errors);
  return deps.db.transaction(async (tx) => {
    const draft = await upsertDraft(tx, workspaceId, {
      document: result.agreement,
      note,
      createdBy: actor.label,
      epoch: epochFor(deps.clock()),
    });
    await recordAudit(tx, workspaceId, actor, 'agreement.draft_saved', {
      type: 'agreement',
      id: String(draft.version),
    });
    return draft;
  });
}

/**
 * Activates the draft: it becomes the version in force for every event from now on, and a rescore
 * run recomputes every lead's score under it in the background (progress at /agreement/rescores).
 */
export async function activateAgreement(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
): Promise<{ version: AgreementVersion; rescoreRunId: string }> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const draft = await draftAgreementRow(tx, workspaceId);
    if (!draft)
      throw new AppError(
        'conflict',
        'There is no draft to activate; save one first with PUT /api/v1/agreement/draft.',
      );
    const result = parseAgreement(draft.document);
    if (!result.ok) throw invalidAgreement(result.errors);
    const version = await activateDraft(tx, workspaceId, {
      activatedBy: actor.label,
      epoch: epochFor(now),
      at: now,
    });
    if (!version) throw new AppError('conflict', 'The draft disappeared while activating it; try again.');
    const run = await startRescoreRun(tx, workspaceId, version.version);
    await recordAudit(
      tx,
      workspaceId,
      actor,
      'agreement.activated',
      { type: 'agreement', id: String(version.version) },
      {
        rescoreRunId: run.id,
      },
    );
    return { version, rescoreRunId: run.id };
  });
}

/** Engagement sums → decayed engagement at `now`, under the workspace's active agreement. */
export async function engagementReader(
  q: Queryable,
  workspaceId: string,
  now: Date,
): Promise<(s: number) => number> {
  const { agreement, epoch } = await loadActiveAgreement(q, workspaceId);
  return (s) => engagementAt(s, now, epoch, agreement.engagement.halfLifeDays);
}
