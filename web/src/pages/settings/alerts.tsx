// Settings → Alerts: which alerts reach you and where (in the app, by e-mail, on Slack), your Slack
// hook, your latest e-mails and Slack posts, and (for managers and admins) each team's Slack channel.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import {
  type AlertChannel,
  type AlertKind,
  type AlertPreferences,
  type AlertSettings,
  type TeamAlertChannel,
  api,
} from '../../api.js';
import { Field, FormErrorBanner, controlProps, fieldErrorsOf } from '../../components/form.js';
import { Panel } from '../../components/page.js';
import { ErrorBanner, LoadingBlock } from '../../components/states.js';
import { Toast, useFlash } from '../../components/toast.js';
import { formatDateTime } from '../../format.js';
import { PERMISSIONS } from '../../../../src/domain/roles.js';
import { useSession } from '../../session.js';

// Every alert kind the API knows, with its label (a kind added on the server fails typecheck here).
const KIND_LABELS: Record<AlertKind, string> = {
  lead_assigned: 'A new lead is assigned to me',
  sla_warning: 'An SLA is about to run out',
  sla_breached: 'An SLA is breached',
  sla_escalated: 'A lead is escalated',
  mention: 'Someone mentions me',
  rejection_disputed: 'Marketing disputes a rejection',
  dispute_resolved: 'A dispute is resolved',
  lead_rejected: 'Sales rejects a lead',
  commitment_missed: 'Marketing misses its commitment',
};
const KINDS = Object.entries(KIND_LABELS) as [AlertKind, string][];
const CHANNELS: [AlertChannel, string][] = [
  ['inApp', 'In the app'],
  ['email', 'E-mail'],
  ['slack', 'Slack'],
];

const KEY = ['alert-preferences'] as const;
const TEAM_KEY = ['team-alert-channels'] as const;

export function AlertsPage() {
  const session = useSession();
  const settings = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => api.alerts.read(signal),
  });
  const canManageTeams = (PERMISSIONS['teams:write'] as readonly string[]).includes(session.user.role);
  return (
    <>
      {settings.error && <ErrorBanner error={settings.error} title="Could not load your alert settings" />}
      {settings.isPending ? <LoadingBlock /> : settings.data && <PreferencesForm settings={settings.data} />}
      {settings.data && <RecentAlerts recent={settings.data.recent} />}
      {canManageTeams && <TeamChannels />}
    </>
  );
}

function PreferencesForm({ settings }: { settings: AlertSettings }) {
  const client = useQueryClient();
  const [prefs, setPrefs] = useState<AlertPreferences>(settings.preferences);
  const [slackUrl, setSlackUrl] = useState(settings.slackWebhookUrl ?? '');
  const [flash, showFlash] = useFlash();
  useEffect(() => setPrefs(settings.preferences), [settings.preferences]);
  const save = useMutation({
    mutationFn: api.alerts.update,
    onSuccess: (data) => {
      client.setQueryData(KEY, data);
      showFlash('Alert choices saved');
    },
  });
  const fieldError = fieldErrorsOf(save.error);
  const toggle = (kind: AlertKind, channel: AlertChannel) =>
    setPrefs((p) => ({ ...p, [kind]: { ...p[kind], [channel]: !p[kind][channel] } }));

  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate({ preferences: prefs, slackWebhookUrl: slackUrl.trim() || null });
  }

  return (
    <Panel id="alert-choices" title="Which alerts reach you, and where">
      <form className="form" onSubmit={submit} noValidate aria-label="Alert choices">
        {!settings.isEmailEnabled && (
          <p className="panel__intro muted">
            This server has no mail server configured (SMTP_URL), so no e-mail is sent until an admin sets
            one.
          </p>
        )}
        <FormErrorBanner error={save.error} fields={['slackWebhookUrl']} />
        <table className="table alert-choices">
          <thead>
            <tr>
              <th scope="col">Alert</th>
              {CHANNELS.map(([c, label]) => (
                <th key={c} scope="col" className="alert-choices__channel">
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {KINDS.map(([kind, label]) => (
              <tr key={kind}>
                <th scope="row">{label}</th>
                {CHANNELS.map(([c, channelLabel]) => (
                  <td key={c} className="alert-choices__channel">
                    <input
                      type="checkbox"
                      aria-label={`${label}: ${channelLabel}`}
                      checked={prefs[kind][c]}
                      onChange={() => toggle(kind, c)}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <Field
          id="slack-url"
          label="Your Slack incoming webhook"
          hint="Leave empty to receive Slack alerts in your team’s channel, if it has one."
          error={fieldError('slackWebhookUrl')}
        >
          <input
            className="input input--wide"
            {...controlProps('slack-url', fieldError('slackWebhookUrl'))}
            placeholder="https://hooks.slack.com/services/…"
            value={slackUrl}
            onChange={(e) => setSlackUrl(e.target.value)}
          />
        </Field>
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={save.isPending}>
            Save
          </button>
          <button type="button" className="btn btn--ghost" onClick={() => setPrefs(settings.defaults)}>
            Back to the defaults for my role
          </button>
        </div>
      </form>
      <Toast message={flash} onDismiss={() => showFlash(null)} />
    </Panel>
  );
}

function RecentAlerts({ recent }: { recent: AlertSettings['recent'] }) {
  return (
    <Panel id="recent-alerts" title="Your latest e-mails and Slack posts" flush>
      {recent.length === 0 ? (
        <p className="panel__intro muted">Nothing sent yet.</p>
      ) : (
        <ul className="alert-log">
          {recent.map((d) => (
            <li key={d.id} className="alert-log__item">
              <span className="badge">{d.channel === 'email' ? 'E-mail' : 'Slack'}</span>
              <span className="alert-log__title">{d.title}</span>
              <span className="badge">{d.status}</span>
              <span className="muted">{formatDateTime(new Date(d.createdAt))}</span>
              {d.lastError && <span className="muted">{d.lastError}</span>}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

function TeamChannels() {
  const client = useQueryClient();
  const teams = useQuery({
    queryKey: TEAM_KEY,
    queryFn: ({ signal }) => api.alerts.teamChannels(signal),
  });
  const set = useMutation({
    mutationFn: (v: { teamId: string; url: string | null }) =>
      api.alerts.setTeamChannel(v.teamId, { slackWebhookUrl: v.url }),
    onSuccess: (data) => client.setQueryData(TEAM_KEY, data),
  });
  return (
    <Panel id="team-channels" title="Team Slack channels">
      <p className="panel__intro muted">
        Members who choose Slack but set no hook of their own receive their alerts in their team’s channel.
      </p>
      {set.error && <ErrorBanner error={set.error} />}
      {teams.isPending ? (
        <LoadingBlock />
      ) : (teams.data ?? []).length === 0 ? (
        <p className="muted">No teams yet.</p>
      ) : (
        (teams.data ?? []).map((t) => (
          <TeamChannelRow key={t.teamId} team={t} onSave={(url) => set.mutate({ teamId: t.teamId, url })} />
        ))
      )}
    </Panel>
  );
}

function TeamChannelRow({ team, onSave }: { team: TeamAlertChannel; onSave: (url: string | null) => void }) {
  const [url, setUrl] = useState(team.slackWebhookUrl ?? '');
  const id = `team-slack-${team.teamId}`;
  return (
    <form
      className="form__row"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(url.trim() || null);
      }}
    >
      <Field id={id} label={team.teamName}>
        <input
          className="input input--wide"
          {...controlProps(id)}
          placeholder="https://hooks.slack.com/services/…"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
      </Field>
      <button type="submit" className="btn btn--sm">
        Save
      </button>
    </form>
  );
}
