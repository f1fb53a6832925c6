// Settings → API keys: create a key (a secret one is shown once), see write keys, revoke.
import { useState } from 'react';
import { type ApiKey, type ApiKeyType, type CreatedApiKey, type Role, isApiError } from '../../api.js';
import { CopyButton } from '../../components/copy-button.js';
import {
  ApiForm,
  Field,
  RoleOptions,
  SubmitButton,
  controlProps,
  fieldErrorsOf,
} from '../../components/form.js';
import { ShownOnce } from '../../components/shown-once.js';
import { Panel, usePageTitle } from '../../components/page.js';
import { RelativeTime } from '../../components/relative-time.js';
import { EmptyState, ErrorBanner, LoadingBlock } from '../../components/states.js';
import { roleLabel } from '../../format.js';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from '../../queries.js';

const TYPE_LABELS: Record<ApiKeyType, string> = { secret: 'Secret', write: 'Write' };
const FORM_FIELDS = ['name', 'type', 'role'] as const;

function NewKeyNotice({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  const isSecret = created.key.type === 'secret';
  return (
    <ShownOnce
      label="New API key"
      title={`${isSecret ? 'Copy your new secret key now' : 'Write key created'}: ${created.key.name}`}
      value={created.secret}
      testId="new-key-secret"
      takeFocus
      onDone={onDone}
    >
      {isSecret
        ? 'This is the only time it is shown. Store it in your secret manager; if it is lost, revoke it and create another.'
        : 'Write keys only send events and are safe in a web page or an app. It stays visible in the list below.'}
    </ShownOnce>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (created: CreatedApiKey) => void }) {
  const create = useCreateApiKey();
  const [name, setName] = useState('');
  const [type, setType] = useState<ApiKeyType>('secret');
  const [role, setRole] = useState<Role | ''>('');
  const error = create.error;
  const fieldError = fieldErrorsOf(error);

  function submit() {
    create.mutate(
      {
        type,
        ...(name.trim() ? { name: name.trim() } : {}),
        ...(type === 'secret' && role ? { role } : {}),
      },
      {
        onSuccess: (created) => {
          setName('');
          setRole('');
          onCreated(created);
        },
      },
    );
  }

  return (
    <ApiForm label="Create an API key" onSubmit={submit} error={error} fields={FORM_FIELDS} isInline>
      <div className="form__row">
        <Field id="key-name" label="Name" error={fieldError('name')} className="field--grow">
          <input
            className="input"
            {...controlProps('key-name', fieldError('name'))}
            placeholder="e.g. CRM sync"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={200}
          />
        </Field>
        <Field id="key-type" label="Type" error={fieldError('type')}>
          <select
            className="select"
            {...controlProps('key-type', fieldError('type'))}
            value={type}
            onChange={(e) => setType(e.target.value as ApiKeyType)}
          >
            <option value="secret">Secret: the full API, as a role</option>
            <option value="write">Write: send events only</option>
          </select>
        </Field>
        {type === 'secret' && (
          <Field id="key-role" label="Acts as" error={fieldError('role')}>
            <select
              className="select"
              {...controlProps('key-role', fieldError('role'))}
              value={role}
              onChange={(e) => setRole(e.target.value as Role | '')}
            >
              <option value="">Choose a role…</option>
              <RoleOptions />
            </select>
          </Field>
        )}
        <div className="form__actions">
          <SubmitButton
            label="Create key"
            pendingLabel="Creating…"
            isPending={create.isPending}
            icon="plus"
          />
        </div>
      </div>
    </ApiForm>
  );
}

function RevokeButton({ apiKey }: { apiKey: ApiKey }) {
  const revoke = useRevokeApiKey();
  const [confirming, setConfirming] = useState(false);
  if (revoke.error) {
    return (
      <span
        className="field__error"
        role="alert"
        title={isApiError(revoke.error) ? revoke.error.detail : undefined}
      >
        Could not revoke
      </span>
    );
  }
  if (!confirming) {
    return (
      <button type="button" className="btn btn--ghost btn--sm" onClick={() => setConfirming(true)}>
        Revoke
      </button>
    );
  }
  return (
    <span className="inline-confirm">
      <button
        type="button"
        className="btn btn--danger btn--sm"
        onClick={() => revoke.mutate(apiKey.id)}
        disabled={revoke.isPending}
        autoFocus
        aria-label={`Confirm revoking ${apiKey.name}`}
      >
        {revoke.isPending ? 'Revoking…' : 'Revoke'}
      </button>
      <button type="button" className="btn btn--ghost btn--sm" onClick={() => setConfirming(false)}>
        Cancel
      </button>
    </span>
  );
}

function KeyTable({ keys }: { keys: ApiKey[] }) {
  const sorted = [...keys].sort(
    (a, b) =>
      Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || b.createdAt.localeCompare(a.createdAt),
  );
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th className="col-name">Name</th>
            <th>Type</th>
            <th>Acts as</th>
            <th>Key</th>
            <th className="col-date">Created</th>
            <th className="col-date">Last used</th>
            <th>Status</th>
            <th className="col-actions">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((k) => (
            <tr key={k.id} className={k.revokedAt ? 'is-muted' : undefined} data-key-id={k.id}>
              <td className="col-name">
                <span className="truncate">{k.name}</span>
              </td>
              <td>{TYPE_LABELS[k.type]}</td>
              <td>{k.role ? roleLabel(k.role) : <span className="muted">—</span>}</td>
              <td>
                {k.writeKey ? (
                  <span className="key-cell">
                    <code className="truncate" title={k.writeKey}>
                      {k.writeKey}
                    </code>
                    {!k.revokedAt && <CopyButton value={k.writeKey} />}
                  </span>
                ) : (
                  <code title="Secret keys are shown only when created">{k.keyPrefix}…</code>
                )}
              </td>
              <td className="col-date">
                <RelativeTime at={k.createdAt} />
                {k.createdBy && <span className="muted"> by {k.createdBy.name}</span>}
              </td>
              <td className="col-date">
                <RelativeTime at={k.lastUsedAt} fallback="Never" />
              </td>
              <td>
                {k.revokedAt ? (
                  <span className="status status--off">
                    Revoked <RelativeTime at={k.revokedAt} />
                  </span>
                ) : k.type === 'secret' && k.createdBy && !k.createdBy.active ? (
                  <span
                    className="status status--off"
                    title="Secret keys stop when their creator is deactivated"
                  >
                    Off: {k.createdBy.name} is deactivated
                  </span>
                ) : (
                  <span className="status status--on">Active</span>
                )}
              </td>
              <td className="col-actions">{!k.revokedAt && <RevokeButton apiKey={k} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ApiKeysPage() {
  usePageTitle('API keys');
  const keys = useApiKeys();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  return (
    <div className="stack">
      <Panel title="Create an API key">
        <p className="panel__intro muted">
          A <strong>secret key</strong> calls the whole API with the rights of the role it acts as; keep it on
          a server. A <strong>write key</strong> only sends events (<code>identify</code>, <code>track</code>,{' '}
          <code>page</code>) and can sit in a web page.
        </p>
        <CreateKeyForm onCreated={setCreated} />
      </Panel>
      {created && <NewKeyNotice created={created} onDone={() => setCreated(null)} />}
      <section aria-labelledby="keys-title">
        <div className="section-heading">
          <h2 id="keys-title">Keys</h2>
        </div>
        {keys.isPending ? (
          <LoadingBlock label="Loading keys…" />
        ) : keys.error ? (
          <ErrorBanner
            error={keys.error}
            title="Could not load API keys"
            onRetry={() => void keys.refetch()}
          />
        ) : keys.data.length === 0 ? (
          <EmptyState icon="key" title="No API keys yet">
            Create one above to connect your CRM, forms or tracking.
          </EmptyState>
        ) : (
          <KeyTable keys={keys.data} />
        )}
      </section>
    </div>
  );
}
