// The funnel's stages as the UI names them: a short pill label, the long name, and list order.
import { STAGES, type Stage } from '../../src/domain/stages.js';

export { STAGES, type Stage };

interface StageLabel {
  short: string;
  long: string;
}

// The default agreement's names; a workspace's own labels arrive with the agreement API later.
const LABELS: Record<Stage, StageLabel> = {
  lead: { short: 'Lead', long: 'Lead' },
  mql: { short: 'MQL', long: 'Marketing qualified lead' },
  pql: { short: 'PQL', long: 'Product qualified lead' },
  sal: { short: 'SAL', long: 'Sales accepted lead' },
  sql: { short: 'SQL', long: 'Sales qualified lead' },
  opportunity: { short: 'Opportunity', long: 'Opportunity' },
  customer: { short: 'Customer', long: 'Customer' },
  nurture: { short: 'Nurture', long: 'Nurture (recycled)' },
  disqualified: { short: 'Disqualified', long: 'Disqualified' },
  lost: { short: 'Lost', long: 'Lost' },
};

export function stageLabel(stage: string): StageLabel {
  return LABELS[stage as Stage] ?? { short: stage, long: stage };
}
