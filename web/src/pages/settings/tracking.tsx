// Settings → Tracking: the workspace write key and snippets that point existing Segment or RudderStack
// instrumentation (or a plain HTTP call) at this server.
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { CopyButton } from '../../components/copy-button.js';
import { Panel, usePageTitle } from '../../components/page.js';
import { ErrorBanner, LoadingBlock } from '../../components/states.js';
import { useApiKeys } from '../../queries.js';

function Snippet({ id, title, intro, code }: { id: string; title: string; intro: ReactNode; code: string }) {
  return (
    <Panel id={id} title={title} actions={<CopyButton value={code} label="Copy snippet" />}>
      <p className="panel__intro muted">{intro}</p>
      <pre className="code-block" data-testid={`${id}-code`}>
        <code>{code}</code>
      </pre>
    </Panel>
  );
}

export function segmentSnippet(writeKey: string, origin: string): string {
  const url = new URL(origin);
  const protocol = url.protocol.replace(':', '');
  return `// npm install @segment/analytics-next
import { AnalyticsBrowser } from '@segment/analytics-next';

export const analytics = AnalyticsBrowser.load({
  writeKey: '${writeKey}',
  // Tandem serves no settings CDN: give the settings here, pointing Segment's own destination at Tandem.
  cdnSettings: {
    integrations: {
      'Segment.io': { apiKey: '${writeKey}', apiHost: '${url.host}/v1', protocol: '${protocol}' },
    },
  },
});

analytics.identify('user-123', { email: 'ana@example.com', title: 'VP Marketing' });
analytics.page();
analytics.track('Demo Requested');
`;
}

export function rudderstackSnippet(writeKey: string, origin: string): string {
  return `// npm install @rudderstack/analytics-js
import { RudderAnalytics } from '@rudderstack/analytics-js';

export const rudderAnalytics = new RudderAnalytics();
rudderAnalytics.load('${writeKey}', '${origin}', {
  // Tandem is the data plane, and there is no control plane to fetch destinations from.
  getSourceConfig: () => ({
    source: { id: 'tandem', name: 'Tandem', writeKey: '${writeKey}', enabled: true, config: {}, destinations: [] },
  }),
});

rudderAnalytics.identify('user-123', { email: 'ana@example.com', title: 'VP Marketing' });
rudderAnalytics.page();
rudderAnalytics.track('Demo Requested');
`;
}

export function curlSnippet(writeKey: string, origin: string): string {
  return `curl ${origin}/v1/batch \\
  -u '${writeKey}:' \\
  -H 'Content-Type: application/json' \\
  -d '{
    "batch": [
      { "type": "identify", "userId": "user-123",
        "traits": { "email": "ana@example.com", "title": "VP Marketing", "employees": 500 } },
      { "type": "page", "userId": "user-123", "properties": { "path": "/pricing" } },
      { "type": "track", "userId": "user-123", "event": "Demo Requested" }
    ]
  }'
`;
}

export function TrackingPage() {
  usePageTitle('Tracking');
  const keys = useApiKeys();
  const origin = window.location.origin;
  if (keys.isPending) return <LoadingBlock label="Loading the write key…" />;
  if (keys.error) {
    return (
      <ErrorBanner
        error={keys.error}
        title="Could not load the write key"
        onRetry={() => void keys.refetch()}
      />
    );
  }
  const writeKey = keys.data.find((k) => k.type === 'write' && !k.revokedAt && k.writeKey)?.writeKey ?? null;
  return (
    <div className="stack">
      <Panel id="tracking-key" title="Write key">
        {writeKey ? (
          <>
            <p className="panel__intro muted">
              Tracking calls carry this key as the Basic-auth user name (with an empty password) or as{' '}
              <code>writeKey</code> in the body. It can only send events, so it is safe in a web page.
            </p>
            <div className="secret">
              <code className="secret__value" data-testid="write-key">
                {writeKey}
              </code>
              <CopyButton value={writeKey} />
            </div>
            <dl className="endpoints">
              <dt>Endpoint</dt>
              <dd>
                <code>{origin}/v1</code>{' '}
                <span className="muted">· identify, track, page, group, alias, batch</span>
              </dd>
            </dl>
          </>
        ) : (
          <p>
            This workspace has no active write key. <Link to="/settings/api-keys">Create a write key</Link> to
            send events.
          </p>
        )}
      </Panel>
      {writeKey && (
        <>
          <Snippet
            id="snippet-segment"
            title="Segment analytics.js"
            intro="Already instrumented with Segment? Point analytics.js at Tandem: the calls stay the same."
            code={segmentSnippet(writeKey, origin)}
          />
          <Snippet
            id="snippet-rudderstack"
            title="RudderStack JavaScript SDK"
            intro="RudderStack's SDK speaks the same tracking spec: use this server as the data plane URL."
            code={rudderstackSnippet(writeKey, origin)}
          />
          <Snippet
            id="snippet-curl"
            title="HTTP (curl)"
            intro="From a server, a form handler or a test: post a batch to /v1/batch with the write key."
            code={curlSnippet(writeKey, origin)}
          />
          <p className="muted settings-note">
            Browser SDKs post from your website’s domain to this server. Tandem already answers their
            cross-origin requests (and the CORS preflight) on <code>/v1</code> from any origin, so a reverse
            proxy needs no CORS rules; only make sure it passes <code>OPTIONS</code> requests through.
          </p>
        </>
      )}
    </div>
  );
}
