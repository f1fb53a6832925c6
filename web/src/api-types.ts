// The resources of /api/v1 under the names the web app uses: aliases of the types generated from the
// OpenAPI document (api-schema.ts, `npm run gen:api`), never written out by hand.
import type { Agreement, FitGrade } from '../../src/domain/agreement.js';
import type { Role } from '../../src/domain/roles.js';
import type { Stage } from '../../src/domain/stages.js';
import type { components, paths } from './api-schema.js';

export type { Agreement, FitGrade, Role, Stage };

type Schemas = components['schemas'];
/** The JSON an operation answers with on success. */
type Answer<Op> = Op extends { responses: { 200: { content: { 'application/json': infer R } } } } ? R : never;
/** The query parameters an operation takes. */
type Query<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

export type Session = Schemas['Session'];
export type Meta = Answer<paths['/api/v1/meta']['get']>;

export type Lead = Schemas['Lead'];
export type NamedRef = NonNullable<Lead['owner']>;
/** Why a lead scores what it scores: fit rules that matched, and the engagement ledger. */
export type ScoreExplanation = Schemas['ScoreExplanation'];
export type LeadDetail = Schemas['LeadDetail'];
/** Something a lead did: a Segment call as it was received. */
export type LeadEvent = Schemas['Event'];
/** One change of stage: from, to, when, who and why. */
export type Transition = Schemas['Transition'];
export type TouchKind = Schemas['TouchKind'];

export type SlaClock = Schemas['SlaClock'];
export type SlaState = SlaClock['state'];
export type InboxItem = Schemas['InboxItem'];
export type Assignment = Schemas['Assignment'];
export type SlaClockRecord = Schemas['SlaClockRecord'];
export type Handoff = Schemas['Handoff'];
export type RepLoad = Schemas['RepLoad'];
export type TeamView = Schemas['TeamView'];
export type MarketingCommitment = Schemas['MarketingCommitment'];
export type FunnelReport = Schemas['FunnelReport'];
export type VelocityReport = Schemas['VelocityReport'];

/** The API sends the agreement document as JSON the domain's schema has validated. */
export type AgreementVersion = Omit<Schemas['AgreementVersion'], 'document'> & { document: Agreement };

export type TeamMember = Schemas['TeamMember'];
export type Team = Schemas['Team'];
export type Absence = Schemas['Absence'];
export type AppNotification = Schemas['Notification'];
export type WebhookSubscription = Schemas['WebhookSubscription'];
export type WebhookDelivery = Schemas['WebhookDelivery'];
export type Account = Schemas['Account'];
export type Member = Schemas['User'];
export type ApiKey = Schemas['ApiKey'];
export type ApiKeyType = ApiKey['type'];

/** One page of a list; pass `nextCursor` back as `cursor` for the next one (null: no more). */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

type LeadQuery = Query<paths['/api/v1/leads']['get']>;
/** The lead list's filters; `stage` is sent as one comma-separated parameter. */
export type LeadFilter = Partial<Pick<LeadQuery, 'q' | 'ownerId' | 'accountId' | 'source'>> & {
  stage?: Stage[];
};
export type AccountFilter = Partial<
  Pick<Query<paths['/api/v1/accounts']['get']>, 'q' | 'industry' | 'ownerId'>
>;
