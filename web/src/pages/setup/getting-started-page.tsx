// Getting started: the first steps of a new workspace for its admin, each ticked off when the
// workspace's data shows it done (GET /api/v1/getting-started).
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Icon } from '../../components/icons.js';
import { Meter } from '../../components/meter.js';
import { PageHeader, Panel, usePageTitle } from '../../components/page.js';
import { ErrorBanner, LoadingBlock } from '../../components/states.js';
import type { GettingStartedStepId } from '../../api.js';
import { useSession } from '../../session.js';
import { useGettingStarted } from './setup-queries.js';
import './setup.css';

interface StepText {
  title: string;
  text: ReactNode;
  action: { label: string; to: string };
  /** What the step's status line says, by the server's reason code. */
  status: Record<string, string>;
}

const STEPS: Record<GettingStartedStepId, StepText> = {
  invite_team: {
    title: 'Invite your team',
    text: 'Add the marketers, sales managers and reps who will work leads here, each with their role.',
    action: { label: 'Go to members', to: '/settings/members' },
    status: { members_joined: 'Your team has members besides you.', only_the_admin: 'Only you so far.' },
  },
  set_up_teams: {
    title: 'Set up teams and territories',
    text: 'Sales teams receive leads by territory, each with its reps, their capacity and its business hours.',
    action: { label: 'Go to teams', to: '/settings/teams' },
    status: { teams_exist: 'A sales team is set up.', no_team: 'No sales team yet.' },
  },
  copy_snippet: {
    title: 'Copy the tracking snippet',
    text: 'Point your website’s Segment or RudderStack tracking at Tandem with the workspace’s write key.',
    action: { label: 'Go to tracking', to: '/settings/tracking' },
    status: {
      write_key_used: 'Your write key has been used.',
      write_key_unused: 'The write key has not been used yet.',
      no_write_key: 'There is no write key: create one on the Tracking page.',
    },
  },
  first_event: {
    title: 'Send a first event',
    text: 'Visit your site with the snippet in place, or send one event with the curl example, and watch it arrive.',
    action: { label: 'See how', to: '/settings/tracking' },
    status: { event_received: 'Events are arriving.', no_event: 'No event received yet.' },
  },
  review_agreement: {
    title: 'Review the agreement',
    text: 'The agreement says when a lead is qualified, who gets it and how fast sales must answer. It starts from Tandem’s defaults.',
    action: { label: 'Read the agreement', to: '/agreement' },
    status: {
      agreement_reviewed: 'You have read the agreement.',
      agreement_published: 'A new version of the agreement is in force.',
      agreement_not_reviewed: 'Not read yet.',
    },
  },
};

export function GettingStartedPage() {
  usePageTitle('Getting started');
  const { workspace } = useSession();
  const checklist = useGettingStarted();
  return (
    <div className="page page--narrow">
      <PageHeader
        title={`Welcome to ${workspace.name}`}
        subtitle="Five steps take your workspace from empty to working leads with your team."
      />
      {checklist.error && <ErrorBanner error={checklist.error} onRetry={() => void checklist.refetch()} />}
      {checklist.isPending && <LoadingBlock />}
      {checklist.data && (
        <Panel
          id="getting-started"
          title="Getting started"
          actions={
            <span className="muted" data-testid="getting-started-progress">
              {checklist.data.doneCount} of {checklist.data.steps.length} done
            </span>
          }
          flush
        >
          <div className="panel__body">
            <Meter
              value={checklist.data.doneCount}
              max={checklist.data.steps.length}
              tone="good"
              label="Steps done"
              size="sm"
            />
          </div>
          <ol className="checklist">
            {checklist.data.steps.map((step) => {
              const t = STEPS[step.id];
              // One call to action at a time: the first step still open.
              const isNext = step.id === checklist.data.steps.find((s) => !s.isDone)?.id;
              return (
                <li
                  key={step.id}
                  className={`checklist__step${step.isDone ? ' checklist__step--done' : ''}`}
                  data-step={step.id}
                  data-done={step.isDone}
                  aria-label={`${t.title}: ${step.isDone ? 'done' : 'to do'}`}
                >
                  <span className="checklist__mark" aria-hidden="true">
                    <Icon name="check" size={14} />
                  </span>
                  <div>
                    <div className="checklist__title">{t.title}</div>
                    <p className="checklist__text">{t.text}</p>
                    <p className="checklist__status">{t.status[step.reason] ?? step.reason}</p>
                  </div>
                  <Link className={`btn btn--sm${isNext ? ' btn--primary' : ''}`} to={t.action.to}>
                    {t.action.label}
                  </Link>
                </li>
              );
            })}
          </ol>
        </Panel>
      )}
    </div>
  );
}
