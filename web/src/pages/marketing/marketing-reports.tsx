// The reports marketing leads with, over the last twelve months: lead quality by source and campaign,
// content influence (and its gap), spend and return, and the MQL commitment against actual. The same
// sections as the Overview's, on the same API.
import { ErrorBanner, LoadingBlock } from '../../components/states.js';
import { SpendSection } from '../goals/spend-report.js';
import { InfluenceSection } from '../overview/influence-report.js';
import { QualitySection } from '../overview/quality-report.js';
import { useGroupName } from '../overview/report-groups.js';
import { CommitmentSection } from '../overview/sla-report.js';
import { useInfluenceReport, useQualityReport, useSlaReport } from '../../queries.js';

const QUERY = {};

export function MarketingReports() {
  const quality = useQualityReport(QUERY);
  const influence = useInfluenceReport(QUERY);
  const sla = useSlaReport(QUERY);
  const groupName = useGroupName(undefined);
  const errors = [
    [quality, 'lead quality'],
    [influence, 'content influence'],
    [sla, 'the commitment history'],
  ] as const;
  return (
    <>
      {errors.map(
        ([r, what]) =>
          r.error && (
            <ErrorBanner
              key={what}
              error={r.error}
              title={`Could not load ${what}`}
              onRetry={() => void r.refetch()}
            />
          ),
      )}
      {quality.isPending && <LoadingBlock label="Loading the reports…" />}
      {quality.data && <QualitySection report={quality.data} query={QUERY} groupName={groupName} />}
      {influence.data && <InfluenceSection report={influence.data} query={QUERY} groupName={groupName} />}
      <SpendSection />
      {sla.data && <CommitmentSection report={sla.data} query={QUERY} groupName={groupName} />}
    </>
  );
}
