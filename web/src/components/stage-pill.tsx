// A lead's funnel stage as a coloured pill; the colour comes from `--stage-<key>` in styles.css.
import { stageLabel } from '../stages.js';

export function StagePill({ stage }: { stage: string }) {
  const label = stageLabel(stage);
  return (
    <span className={`pill pill--stage stage-${stage}`} title={label.long}>
      {label.short}
    </span>
  );
}
