// The resources of /api/v1 under the names the web app uses: aliases of the types generated from the
// OpenAPI document (api-schema.ts, `npm run gen:api`), never written out by hand.
import type { Agreement, FitGrade } from '../../src/domain/agreement.js';
import type { Role } from '../../src/domain/roles.js';
import type { Stage } from '../../src/domain/stages.js';
import type { components, paths } from './api-schema.js';

export type { Agreement, FitGrade, Role, Stage };

type Schemas = components['schemas'];

// ---------------------------------------------------------------------------------------------
// Operations by path and method: what api.ts's `call` sends and receives, checked against the routes.

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
/** The operations of /api/v1, by path without the prefix (`/leads/{id}`). */
type V1 = { [P in keyof paths as P extends `/api/v1${infer R}` ? R : never]: paths[P] };
export type ApiPath = keyof V1;
/** The methods a path answers. */
export type MethodOf<P extends ApiPath> = {
  [M in Method]: [NonNullable<V1[P][Lowercase<M>]>] extends [never] ? never : M;
}[Method];
type Operation<P extends ApiPath, M extends Method> = NonNullable<V1[P][Lowercase<M>]>;

type SuccessOf<R> = R[Extract<keyof R, 200 | 201 | 202 | 204>];
type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : void;
/** The JSON an operation answers with on success (void for 204). */
export type ResponseOf<P extends ApiPath, M extends MethodOf<P>> =
  Operation<P, M> extends { responses: infer R } ? JsonOf<SuccessOf<R>> : never;
/** The JSON body an operation takes (never: it takes none). */
export type BodyOf<P extends ApiPath, M extends MethodOf<P>> =
  Operation<P, M> extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;
/** The path parameters an operation takes, by name (never: none). */
export type ParamsOf<P extends ApiPath, M extends MethodOf<P>> =
  Operation<P, M> extends { parameters: { path: infer A } } ? A : never;
/** The query parameters an operation takes (never: none). */
export type QueryOf<P extends ApiPath, M extends MethodOf<P>> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

// ---------------------------------------------------------------------------------------------
// Resources under the names the screens use.

export type Session = Schemas['Session'];
export type Meta = ResponseOf<'/meta', 'GET'>;

/** What an import would do: counts, where it would stop, and the rows it would refuse. */
export type ImportDryRun = Schemas['ImportDryRun'];

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
export type QualityReport = Schemas['QualityReport'];
export type PipelineReport = Schemas['PipelineReport'];
export type SlaReport = Schemas['SlaReport'];
export type InfluenceReport = Schemas['InfluenceReport'];

/** The API sends the agreement document as JSON the domain's schema has validated. */
export type AgreementVersion = Omit<Schemas['AgreementVersion'], 'document'> & { document: Agreement };
/** GET /agreement: the active version and the draft being edited, if any. */
export type AgreementState = Omit<ResponseOf<'/agreement', 'GET'>, 'active' | 'draft'> & {
  active: AgreementVersion;
  draft: AgreementVersion | null;
};

export type TeamMember = Schemas['TeamMember'];
export type Team = Schemas['Team'];
export type Absence = Schemas['Absence'];
export type AppNotification = Schemas['Notification'];
export type WebhookSubscription = Schemas['WebhookSubscription'];
export type WebhookDelivery = Schemas['WebhookDelivery'];
/** What POST /webhooks answers: the subscription and its signing secret (readable only now). */
export type CreatedWebhook = ResponseOf<'/webhooks', 'POST'>;
/** An event type a subscription can ask for, or `*` for all. */
export type WebhookEventChoice = BodyOf<'/webhooks', 'POST'>['eventTypes'][number];
export type Account = Schemas['Account'];
export type Opportunity = Schemas['Opportunity'];
export type OpportunityCreate = Schemas['OpportunityCreate'];
export type OpportunityUpdate = Schemas['OpportunityUpdate'];
export type Member = Schemas['User'];
export type ApiKey = Schemas['ApiKey'];
export type ApiKeyType = ApiKey['type'];
/** What POST /api-keys answers: the key and its secret (a secret key is readable only now). */
export type CreatedApiKey = ResponseOf<'/api-keys', 'POST'>;

export type Invitation = Schemas['Invitation'];
/** An invitation with its link: readable only in this answer (the server keeps a hash). */
export type IssuedInvitation = Schemas['IssuedInvitation'];
/** A password-reset link for a member: readable only in this answer. */
export type IssuedPasswordReset = Schemas['IssuedPasswordReset'];
export type InvitationPreview = Schemas['InvitationPreview'];
export type PasswordResetPreview = Schemas['PasswordResetPreview'];

/** One entry of a lead's conversation: a touch, a comment, a flag or a dispute. */
export type ConversationItem = Schemas['ConversationItem'];
/** Who did something: a person, an API key or the system. */
export type Who = ConversationItem['by'];
export type RejectionDispute = Schemas['RejectionDispute'];
export type LeadComment = Schemas['LeadComment'];
/** One of the workspace's reject reasons (built-in or its own). */
export type RejectReason = Schemas['RejectReason'];
export type RejectReasonChange = BodyOf<'/reject-reasons/{code}', 'PATCH'>;
export type DisputeDecision = BodyOf<'/disputes/{id}/resolve', 'POST'>['decision'];

export type AlertSettings = Schemas['AlertSettings'];
export type AlertPreferences = Schemas['AlertPreferences'];
export type AlertKind = keyof AlertPreferences;
export type AlertChannel = keyof AlertPreferences[AlertKind];
export type TeamAlertChannel = Schemas['TeamAlertChannel'];

export type SetupState = Schemas['SetupState'];
export type SetupInput = BodyOf<'/setup', 'POST'>;
export type Weekday = SetupInput['businessHours']['days'][number];
export type GettingStarted = Schemas['GettingStarted'];
export type GettingStartedStepId = GettingStarted['steps'][number]['id'];

type LeadQuery = QueryOf<'/leads', 'GET'>;
/** The lead list's filters; `stage` is sent as one comma-separated parameter. */
export type LeadFilter = Partial<Pick<LeadQuery, 'q' | 'ownerId' | 'accountId' | 'source'>> & {
  stage?: Stage[];
};
export type AccountFilter = Partial<Pick<QueryOf<'/accounts', 'GET'>, 'q' | 'industry' | 'ownerId'>>;
/** The opportunity list's filters, as the API takes them. */
export type OpportunityFilter = Partial<
  Pick<
    QueryOf<'/opportunities', 'GET'>,
    'stage' | 'status' | 'ownerId' | 'accountId' | 'leadId' | 'closeFrom' | 'closeTo' | 'source'
  >
>;
