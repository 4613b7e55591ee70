/**
 * One bulk PDF download at a time (Rust answers `busy` to a second one): its progress from
 * `pdf-progress` events, its outcome, and Cancel. Started by the export menu and the command
 * palette for the whole view; a row's Download button saves its one PDF without it
 * (`pdfDownloadInvoice`).
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { onPdfProgress, pdfsCancel, pdfsDownload, toUserError, type UserError } from '../ipc';
import type { InvoiceQuery, PdfDownloadOutcome, Progress } from '../types';

export type PdfRun =
  | { state: 'idle' }
  | { state: 'running'; progress: Progress | null; cancelling: boolean }
  | { state: 'done'; outcome: PdfDownloadOutcome | null }
  | { state: 'failed'; error: UserError; query: InvoiceQuery };

export function usePdfDownload() {
  const [run, setRun] = useState<PdfRun>({ state: 'idle' });

  useEffect(() => {
    let active = true;
    let stop: (() => void) | undefined;
    onPdfProgress((progress) =>
      setRun((current) => (current.state === 'running' ? { ...current, progress } : current)),
    ).then(
      (unlisten) => {
        if (active) stop = unlisten;
        else unlisten();
      },
      (raw: unknown) => console.warn('pdf-progress is not available', toUserError(raw)),
    );
    return () => {
      active = false;
      stop?.();
    };
  }, []);

  const start = useCallback(async (query: InvoiceQuery) => {
    setRun({ state: 'running', progress: null, cancelling: false });
    try {
      setRun({ state: 'done', outcome: await pdfsDownload(query) });
    } catch (raw) {
      setRun({ state: 'failed', error: toUserError(raw), query });
    }
  }, []);

  const cancel = useCallback(async () => {
    setRun((current) => (current.state === 'running' ? { ...current, cancelling: true } : current));
    try {
      await pdfsCancel();
    } catch (raw) {
      // The run itself still ends with its own outcome or error; only log why cancel failed.
      console.warn('Cancel failed', toUserError(raw));
    }
  }, []);

  return { run, start, cancel };
}

/** The line shown when a download ended. */
export function pdfOutcomeText(outcome: PdfDownloadOutcome | null): string {
  if (outcome === null) return 'PDF download cancelled: no folder was chosen.';
  const counts = `${outcome.downloaded} downloaded, ${outcome.skipped} already there, ${outcome.failed} failed`;
  return outcome.cancelled
    ? `PDF download cancelled: ${counts}, in ${outcome.dir}`
    : `PDFs saved in ${outcome.dir}: ${counts}.`;
}
