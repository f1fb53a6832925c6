// Hooks of Settings → Import: the fields each kind maps, the presets and saved mappings, preview / dry run / run of an uploaded file
// (the file is the raw body, through api.ts's callWithFile), an import followed while it runs, its
// rejected rows, cancel, re-submit of fixed rows, undo, and the recent imports.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ImportDryRun, type ResponseOf, call, callWithFile } from '../../api.js';

export type ImportRecord = ResponseOf<'/imports/{id}', 'GET'>;
export type ImportKind = ImportRecord['kind'];
export type ImportMapping = ImportRecord['mapping'];
export type ImportPreview = ResponseOf<'/imports/preview', 'POST'>;
export type ImportFieldSet = ResponseOf<'/imports/fields', 'GET'>['data'][number];
export type RejectedRow = ResponseOf<'/imports/{id}/errors', 'GET'>['data'][number];
export type DryRun = ImportDryRun;
export type ImportPreset = ResponseOf<'/imports/presets', 'GET'>['data'][number];

const IMPORTS = ['imports'] as const;
/** How often a running import's progress is read. */
const POLL_MS = 400;

export function useImportFields() {
  return useQuery({
    queryKey: [...IMPORTS, 'fields'],
    queryFn: ({ signal }) => call('GET', '/imports/fields', { signal }),
    staleTime: Infinity,
  });
}

/** The built-in presets, then the workspace's saved mappings (system "custom"). */
export function useImportPresets() {
  return useQuery({
    queryKey: [...IMPORTS, 'presets'],
    queryFn: ({ signal }) => call('GET', '/imports/presets', { signal }),
  });
}

export function useRecentImports() {
  return useQuery({
    queryKey: [...IMPORTS, 'recent'],
    queryFn: ({ signal }) => call('GET', '/imports', { signal }),
    // While one runs, the list follows it too.
    refetchInterval: (q) => (q.state.data?.data.some((i) => i.status === 'running') ? POLL_MS * 3 : false),
  });
}

/** One import, re-read while it runs: the live progress. */
export function useImport(id: string | null) {
  return useQuery({
    queryKey: [...IMPORTS, 'one', id],
    queryFn: ({ signal }) => call('GET', '/imports/{id}', { params: { id: id! }, signal }),
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data?.status === 'running' ? POLL_MS : false),
  });
}

export function useImportErrors(id: string | null, enabled: boolean) {
  return useQuery({
    queryKey: [...IMPORTS, 'errors', id],
    queryFn: ({ signal }) =>
      call('GET', '/imports/{id}/errors', { params: { id: id! }, query: { limit: 1000 }, signal }),
    enabled: id !== null && enabled,
  });
}

export interface UploadInput {
  file: File;
  kind: ImportKind;
  mapping: ImportMapping | null;
  /** A preset or saved mapping by name, used when no mapping is given. */
  preset?: string;
}

const uploadQuery = ({ file, kind, mapping, preset }: UploadInput) => ({
  kind,
  fileName: file.name,
  ...(mapping ? { mapping: JSON.stringify(mapping) } : preset ? { preset } : {}),
});

export function usePreview() {
  return useMutation({
    mutationFn: (input: UploadInput) =>
      callWithFile('POST', '/imports/preview', input.file, { query: { ...uploadQuery(input), sample: 5 } }),
  });
}

export function useDryRun() {
  return useMutation({
    mutationFn: async (input: UploadInput) =>
      (await callWithFile('POST', '/imports', input.file, {
        query: { ...uploadQuery(input), dryRun: 'true' },
      })) as DryRun,
  });
}

/** Mutations that change the list of imports (and the one followed). */
function useImportsMutation<I>(fn: (input: I) => Promise<ImportRecord>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (record) => {
      client.setQueryData([...IMPORTS, 'one', record.id], record);
      await client.invalidateQueries({ queryKey: IMPORTS });
    },
  });
}

export function useStartImport() {
  return useImportsMutation(
    async (input: UploadInput) =>
      (await callWithFile('POST', '/imports', input.file, {
        query: { ...uploadQuery(input), dryRun: 'false' },
      })) as ImportRecord,
  );
}

export function useCancelImport() {
  return useImportsMutation((id: string) => call('POST', '/imports/{id}/cancel', { params: { id } }));
}

export function useUndoImport() {
  return useImportsMutation((id: string) => call('POST', '/imports/{id}/undo', { params: { id } }));
}

export function useResubmit() {
  return useImportsMutation(({ id, rows }: { id: string; rows: { row: number; values: string[] }[] }) =>
    call('POST', '/imports/{id}/resubmit', { params: { id }, body: { rows } }),
  );
}
