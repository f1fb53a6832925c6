// Settings → Webhooks: subscribe a URL to events (its signing secret is shown once), pause, resume or
// remove it, and read its delivery log with a Redeliver button per delivery.
import { useState } from 'react';
import { ALL_EVENTS, WEBHOOK_EVENT_TYPES } from '../../../../src/domain/webhook-events.js';
import {
  type CreatedWebhook,
  type WebhookEventChoice,
  type WebhookSubscription,
  isApiError,
} from '../../api.js';
import { ApiForm, Field, SubmitButton, controlProps, fieldErrorsOf } from '../../components/form.js';
import { ShownOnce } from '../../components/shown-once.js';
import { Panel, usePageTitle } from '../../components/page.js';
import { RelativeTime } from '../../components/relative-time.js';
import { EmptyState, ErrorBanner, LoadingBlock } from '../../components/states.js';
import { useCreateWebhook, useRemoveWebhook, useUpdateWebhook, useWebhooks } from '../../queries.js';
import { Deliveries } from './webhook-deliveries.js';

const FORM_FIELDS = ['url', 'eventTypes', 'description'] as const;

function SecretNotice({ created, onDone }: { created: CreatedWebhook; onDone: () => void }) {
  return (
    <ShownOnce
      label="New webhook"
      title={`Copy the signing secret for ${created.subscription.url} now`}
      value={created.secret}
      testId="webhook-secret"
      takeFocus
      onDone={onDone}
    >
      Every delivery is signed with it (Standard Webhooks: <code>webhook-id</code>,{' '}
      <code>webhook-timestamp</code>, <code>webhook-signature</code>). This is the only time it is shown.
    </ShownOnce>
  );
}

function CreateWebhookForm({ onCreated }: { onCreated: (created: CreatedWebhook) => void }) {
  const create = useCreateWebhook();
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState<WebhookEventChoice[]>([]);
  const error = create.error;
  const fieldError = fieldErrorsOf(error);
  const isAll = types.includes(ALL_EVENTS);

  function toggle(type: WebhookEventChoice, on: boolean) {
    if (type === ALL_EVENTS) setTypes(on ? [ALL_EVENTS] : []);
    else setTypes((t) => (on ? [...t.filter((x) => x !== ALL_EVENTS), type] : t.filter((x) => x !== type)));
  }

  function submit() {
    create.mutate(
      { url: url.trim(), eventTypes: types },
      {
        onSuccess: (created) => {
          setUrl('');
          setTypes([]);
          onCreated(created);
        },
      },
    );
  }

  const typesError = fieldError('eventTypes');
  return (
    <ApiForm label="Add a webhook" onSubmit={submit} error={error} fields={FORM_FIELDS}>
      <Field id="webhook-url" label="URL" error={fieldError('url')}>
        <input
          className="input input--wide"
          {...controlProps('webhook-url', fieldError('url'))}
          type="url"
          placeholder="https://example.com/hooks/tandem"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
      </Field>
      <fieldset className="checks" aria-describedby={typesError ? 'webhook-types-error' : undefined}>
        <legend className="field__label">Events</legend>
        <label className="check check--all">
          <input type="checkbox" checked={isAll} onChange={(e) => toggle(ALL_EVENTS, e.target.checked)} />
          All events, including ones added later
        </label>
        <div className="checks__grid">
          {WEBHOOK_EVENT_TYPES.map((t) => (
            <label key={t} className="check">
              <input
                type="checkbox"
                checked={isAll || types.includes(t)}
                disabled={isAll}
                onChange={(e) => toggle(t, e.target.checked)}
              />
              <code>{t}</code>
            </label>
          ))}
        </div>
        {typesError && (
          <p className="field__error" id="webhook-types-error">
            {typesError}
          </p>
        )}
      </fieldset>
      <div>
        <SubmitButton label="Add webhook" pendingLabel="Adding…" isPending={create.isPending} icon="plus" />
      </div>
    </ApiForm>
  );
}

function SubscriptionRow({
  s,
  isOpen,
  onToggle,
}: {
  s: WebhookSubscription;
  isOpen: boolean;
  onToggle: () => void;
}) {
  const update = useUpdateWebhook();
  const remove = useRemoveWebhook();
  const [confirming, setConfirming] = useState(false);
  const events = s.eventTypes.includes(ALL_EVENTS) ? 'All events' : s.eventTypes.join(', ');
  return (
    <>
      <tr data-webhook-id={s.id} className={s.active ? undefined : 'is-muted'}>
        <td className="col-name">
          <span className="truncate url-cell" title={s.url}>
            {s.url}
          </span>
        </td>
        <td className="truncate-cell" title={events}>
          {events}
        </td>
        <td>
          {s.active ? (
            <span className="status status--on">Active</span>
          ) : (
            <span className="status status--off">Paused</span>
          )}
        </td>
        <td className="col-date">
          <RelativeTime at={s.createdAt} />
        </td>
        <td className="col-actions">
          <span className="inline-confirm">
            <button type="button" className="btn btn--sm" onClick={onToggle} aria-expanded={isOpen}>
              {isOpen ? 'Hide deliveries' : 'Deliveries'}
            </button>
            <button
              type="button"
              className="btn btn--sm"
              disabled={update.isPending}
              onClick={() => update.mutate({ id: s.id, active: !s.active })}
            >
              {s.active ? 'Pause' : 'Resume'}
            </button>
            {confirming ? (
              <>
                <button
                  type="button"
                  className="btn btn--danger btn--sm"
                  onClick={() => remove.mutate(s.id)}
                  disabled={remove.isPending}
                  autoFocus
                  aria-label={`Confirm deleting the webhook to ${s.url}`}
                >
                  Delete
                </button>
                <button type="button" className="btn btn--ghost btn--sm" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </>
            ) : (
              <button type="button" className="btn btn--ghost btn--sm" onClick={() => setConfirming(true)}>
                Delete
              </button>
            )}
          </span>
          {(update.error ?? remove.error) && (
            <span className="field__error" role="alert">
              {isApiError(update.error ?? remove.error) ? (update.error ?? remove.error)?.message : 'Failed'}
            </span>
          )}
        </td>
      </tr>
      {isOpen && (
        <tr className="subrow">
          <td colSpan={5}>
            <Deliveries subscription={s} />
          </td>
        </tr>
      )}
    </>
  );
}

export function WebhooksPage() {
  usePageTitle('Webhooks');
  const hooks = useWebhooks();
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  return (
    <div className="stack">
      <Panel title="Add a webhook">
        <p className="panel__intro muted">
          Tandem posts signed JSON to your URL when leads are created, change stage, are assigned or rejected,
          or when an SLA warns or breaches. Failed deliveries are retried for about two days.
        </p>
        <CreateWebhookForm
          onCreated={(c) => {
            setCreated(c);
            setOpenId(c.subscription.id);
          }}
        />
      </Panel>
      {created && <SecretNotice created={created} onDone={() => setCreated(null)} />}
      <section aria-labelledby="webhooks-title">
        <div className="section-heading">
          <h2 id="webhooks-title">Webhooks</h2>
        </div>
        {hooks.isPending ? (
          <LoadingBlock label="Loading webhooks…" />
        ) : hooks.error ? (
          <ErrorBanner
            error={hooks.error}
            title="Could not load webhooks"
            onRetry={() => void hooks.refetch()}
          />
        ) : hooks.data.length === 0 ? (
          <EmptyState icon="webhook" title="No webhooks yet">
            Add one above to send Tandem's events to your CRM, Slack or data warehouse.
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th className="col-name">URL</th>
                  <th>Events</th>
                  <th>Status</th>
                  <th className="col-date">Created</th>
                  <th className="col-actions">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {hooks.data.map((s) => (
                  <SubscriptionRow
                    key={s.id}
                    s={s}
                    isOpen={openId === s.id}
                    onToggle={() => setOpenId(openId === s.id ? null : s.id)}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
