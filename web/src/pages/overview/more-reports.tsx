// The Overview's lead quality, pipeline, SLA compliance and content influence reports: each a chart first and its table
// beside it, on the same filters (period and breakdown) as the funnel above them.
import { ErrorBanner } from '../../components/states.js';
import { useInfluenceReport, usePipelineReport, useQualityReport, useSlaReport } from '../../queries.js';
import { InfluenceSection } from './influence-report.js';
import { PipelineSection } from './pipeline-report.js';
import { QualitySection } from './quality-report.js';
import { type ReportQuery, useGroupName } from './report-groups.js';
import { SlaSection } from './sla-report.js';

export function MoreReports({ query }: { query: ReportQuery }) {
  const quality = useQualityReport({ ...query });
  const pipeline = usePipelineReport({ ...query });
  const sla = useSlaReport({ ...query });
  const influence = useInfluenceReport({ ...query });
  const groupName = useGroupName(query.by);
  return (
    <>
      {quality.error && (
        <ErrorBanner
          error={quality.error}
          title="Could not load lead quality"
          onRetry={() => void quality.refetch()}
        />
      )}
      {quality.data && <QualitySection report={quality.data} query={query} groupName={groupName} />}
      {pipeline.error && (
        <ErrorBanner
          error={pipeline.error}
          title="Could not load the pipeline"
          onRetry={() => void pipeline.refetch()}
        />
      )}
      {pipeline.data && <PipelineSection report={pipeline.data} query={query} groupName={groupName} />}
      {sla.error && (
        <ErrorBanner
          error={sla.error}
          title="Could not load SLA compliance"
          onRetry={() => void sla.refetch()}
        />
      )}
      {sla.data && <SlaSection report={sla.data} query={query} groupName={groupName} />}
      {influence.error && (
        <ErrorBanner
          error={influence.error}
          title="Could not load content influence"
          onRetry={() => void influence.refetch()}
        />
      )}
      {influence.data && <InfluenceSection report={influence.data} query={query} groupName={groupName} />}
    </>
  );
}
