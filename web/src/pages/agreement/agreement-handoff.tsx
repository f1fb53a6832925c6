// The hand-off half of the agreement as sales reads it: who gets a qualified lead and how fast they
// must act, why a lead may be turned down, and which CRM statuses move it.
import type { Agreement } from '../../api.js';
import { StagePill } from '../../components/stage-pill.js';
import { humanize } from '../../format.js';
import { rejectReasonsOf } from '../../reject-reasons.js';
import { conditionsSentence, crmSystemName, slaSentence } from './agreement-sentences.js';

export function Handoff({ doc }: { doc: Agreement }) {
  const r = doc.routing;
  return (
    <div className="stack stack--tight">
      <div>
        <h3 className="subheading">Who gets a qualified lead</h3>
        <ol className="sentences sentences--numbered">
          {r.useAccountOwner && <li>The account’s owner, when the account has one.</li>}
          {r.rules.map((rule) => (
            <li key={rule.id}>
              {conditionsSentence(rule.when)} → team <strong>{rule.team}</strong>{' '}
              <span className="muted">({rule.label})</span>
            </li>
          ))}
          <li>
            {r.fallbackTeam ? (
              <>
                Otherwise team <strong>{r.fallbackTeam}</strong>.
              </>
            ) : (
              'Otherwise the queue, for a manager to assign.'
            )}
          </li>
        </ol>
        <p className="agreement-note muted">
          Within a team, reps take turns weighted by their weight, skipping anyone at capacity or out of
          office.
        </p>
      </div>
      <div>
        <h3 className="subheading">Service levels</h3>
        <ul className="sentences sla-sentences">
          {doc.sla.policies.map((p) => (
            <li key={p.id} data-policy={p.id}>
              {slaSentence(p)}
              <span className="muted"> · {p.label}</span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

export function RejectReasons({ doc }: { doc: Agreement }) {
  return (
    <table className="table table--wrap">
      <thead>
        <tr>
          <th>Reason</th>
          <th>Sends the lead to</th>
          <th>Can come back</th>
          <th>Note</th>
        </tr>
      </thead>
      <tbody>
        {rejectReasonsOf(doc).map((r) => (
          <tr key={r.code}>
            <td>
              {r.label} <code className="muted">{r.code}</code>
            </td>
            <td>
              <StagePill stage={r.to} />
            </td>
            <td>
              {r.recyclable
                ? `Yes, after ${r.coolOffDays ?? doc.recycling.coolOffDays} days and fresh engagement`
                : 'No'}
            </td>
            <td>{r.noteRequired ? <strong>Required</strong> : <span className="muted">Optional</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CrmStatuses({ doc }: { doc: Agreement }) {
  if (doc.crm.statusMap.length === 0) return <p className="muted">No CRM statuses are mapped.</p>;
  return (
    <table className="table table--wrap">
      <thead>
        <tr>
          <th>CRM</th>
          <th>Object</th>
          <th>Status</th>
          <th>Moves the lead to</th>
        </tr>
      </thead>
      <tbody>
        {doc.crm.statusMap.map((m, i) => (
          <tr key={i}>
            <td>{crmSystemName(m.system)}</td>
            <td>{humanize(m.object)}</td>
            <td>
              <code>{m.status}</code>
            </td>
            <td>
              <StagePill stage={m.to} />
              {m.reasonCode && (
                <span className="muted"> as “{doc.feedback.rejectReasons[m.reasonCode].label}”</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
