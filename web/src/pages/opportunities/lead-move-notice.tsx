// "Ada Lovelace moved from SQL to Customer": what saving an opportunity did to its lead, kept on
// screen until dismissed (or the next save), with a link to the lead.
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { Icon } from '../../components/icons.js';
import { StagePill } from '../../components/stage-pill.js';
import type { LeadMove, Saved } from './opportunity-mutations.js';

function LeadMoveNotice({ move, onDismiss }: { move: LeadMove; onDismiss: () => void }) {
  return (
    <div className="banner banner--info" role="status" data-lead-move={move.to}>
      <Icon name="check" className="banner__icon" />
      <div className="banner__body">
        <span>
          <Link to={`/leads/${move.leadId}`}>{move.leadName}</Link> moved from <StagePill stage={move.from} />{' '}
          to <StagePill stage={move.to} />
        </span>
      </div>
      <button type="button" className="btn btn--ghost btn--icon btn--sm" onClick={onDismiss}>
        <Icon name="close" />
        <span className="visually-hidden">Dismiss</span>
      </button>
    </div>
  );
}

/** The notice to place on the page, and what a save reports to it. */
export function useLeadMoveNotice(): { notice: ReactNode; onSaved: (saved: Saved) => void } {
  const [move, setMove] = useState<LeadMove | null>(null);
  return {
    notice: move && <LeadMoveNotice move={move} onDismiss={() => setMove(null)} />,
    onSaved: (saved) => setMove(saved.leadMove),
  };
}
