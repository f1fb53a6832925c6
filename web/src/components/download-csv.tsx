// "Download CSV": the list as it is filtered on screen, every page of it, from the API's CSV download
// (a plain GET, so the session cookie is enough and the browser saves the file itself).
export function DownloadCsv({
  path,
  query = {},
}: {
  /** The list's API path: /api/v1/leads. */
  path: string;
  /** The filters the page applies, as the JSON list takes them. */
  query?: Record<string, string | readonly string[] | undefined>;
}) {
  const params = new URLSearchParams({ format: 'csv' });
  for (const [key, value] of Object.entries(query)) {
    const text = typeof value === 'string' ? value : value?.join(',');
    if (text) params.set(key, text);
  }
  return (
    <a className="btn btn--sm" href={`${path}?${params.toString()}`} download>
      Download CSV
    </a>
  );
}
