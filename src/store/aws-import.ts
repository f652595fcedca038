/**
 * "Open AWS export": a real account's saved AWS CLI outputs (a folder or a zip), read in this tab —
 * nothing is uploaded — and converted by src/import-aws (the code `npm run import-aws` runs). Two
 * steps: read (a preview: what was found, what could not be placed), then confirm. Only a confirmed,
 * successful import replaces the workspace (through importScenario, as a scenario file would); a
 * refused export, a cancel, or a scenario the engine will not load leave it untouched.
 */
import type { Slice } from './types';
import type { ImportFailure, ImportNote, ImportSummary } from '../import-aws';

/** A file of a picked or dropped folder: its path inside the folder, its size, and a way to read it. */
export interface ExportFileInput {
  path: string;
  size: number;
  text(): Promise<string>;
}

export interface AwsExportPreview {
  /** The folder's or zip's name, as the user picked it. */
  source: string;
  summary: ImportSummary;
  notes: ImportNote[];
  /** The kms-scenario/1 document the confirm loads. */
  scenarioText: string;
  title: string;
  /** One sentence: what was found. */
  summaryText: string;
}

export type AwsImportState =
  | { status: 'idle' }
  | { status: 'reading'; source: string }
  | { status: 'preview'; preview: AwsExportPreview }
  | { status: 'loading'; preview: AwsExportPreview }
  | { status: 'refused'; source: string; error: ImportFailure }
  /** Imported: the report stays on screen until dismissed. */
  | { status: 'imported'; preview: AwsExportPreview };

export interface AwsImportSlice {
  awsImport: AwsImportState;
  /** Reads a picked or dropped folder (its files with paths relative to the pick) into a preview. */
  readAwsExportFolder(source: string, files: readonly ExportFileInput[]): Promise<void>;
  /** Reads a zip of an export into a preview. */
  readAwsExportZip(source: string, bytes: Uint8Array): Promise<void>;
  /** Replaces the workspace with the previewed account. */
  confirmAwsExport(): Promise<void>;
  /** Drops the preview (or the refusal, or the report after an import). */
  closeAwsExport(): void;
}

const refused = (source: string, message: string, file = source): AwsImportState => ({
  status: 'refused',
  source,
  error: { file, path: '', message, text: `${file}: ${message}` },
});

export const createAwsImportSlice: Slice<AwsImportSlice> = (set, get) => {
  type Aws = typeof import('../import-aws');
  const toPreview = (aws: Aws, source: string, result: ReturnType<Aws['importAwsExport']>): AwsImportState =>
    result.ok
      ? {
          status: 'preview',
          preview: {
            source,
            summary: result.summary,
            notes: result.notes,
            scenarioText: JSON.stringify(result.scenario, null, 2),
            title: result.scenario.title ?? source,
            summaryText: aws.summaryLine(result.summary),
          },
        }
      : { status: 'refused', source, error: result.error };

  return {
    awsImport: { status: 'idle' },

    async readAwsExportFolder(source, files) {
      set({ awsImport: { status: 'reading', source } });
      const aws = await import('../import-aws');
      let state: AwsImportState;
      try {
        const plan = aws.planExport(files.map((f) => f.path));
        const byPath = new Map(files.map((f) => [f.path, f]));
        const texts = new Map<string, string>();
        let total = 0;
        for (const r of plan.read) {
          const f = byPath.get(r.given)!;
          // Sizes first: a huge file is refused before it is read.
          if (f.size > aws.MAX_FILE_BYTES) throw new aws.ExportError(r.path, '', `the file is ${Math.round(f.size / 1048576)} MiB; the import reads files up to ${aws.MAX_FILE_BYTES / 1048576} MiB`);
          total += f.size;
          if (total > aws.MAX_TOTAL_BYTES) throw new aws.ExportError(source, '', `the export is over ${aws.MAX_TOTAL_BYTES / 1048576} MiB in all; the import reads up to that`);
          texts.set(r.path, await f.text());
        }
        state = toPreview(aws, source, aws.importAwsExport(texts, { ignored: plan.ignored, source }));
      } catch (e) {
        state = e instanceof aws.ExportError ? { status: 'refused', source, error: { file: e.file, path: e.path, message: e.message, text: e.describe() } } : refused(source, (e as Error).message);
      }
      set({ awsImport: state });
    },

    async readAwsExportZip(source, bytes) {
      set({ awsImport: { status: 'reading', source } });
      const aws = await import('../import-aws');
      if (bytes.byteLength > aws.MAX_TOTAL_BYTES) {
        set({ awsImport: refused(source, `the zip is over ${aws.MAX_TOTAL_BYTES / 1048576} MiB`) });
        return;
      }
      set({ awsImport: toPreview(aws, source, aws.importAwsZip(bytes, source)) });
    },

    async confirmAwsExport() {
      const current = get().awsImport;
      if (current.status !== 'preview') return;
      const preview = current.preview;
      set({ awsImport: { status: 'loading', preview } });
      const problems = await get().importScenario(preview.scenarioText);
      if (problems) {
        // The engine would not build this world: nothing was replaced.
        const first = problems[0];
        set({
          awsImport: {
            status: 'refused',
            source: preview.source,
            error: { file: '(the scenario made from the export)', path: first?.path ?? '', message: problems.map((p) => `${p.path ? `${p.path}: ` : ''}${p.message}`).join('; '), text: problems.map((p) => p.message).join('; ') },
          },
        });
        return;
      }
      set({ awsImport: { status: 'imported', preview } });
    },

    closeAwsExport() {
      set({ awsImport: { status: 'idle' } });
    },
  };
};
