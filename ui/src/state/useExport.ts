/**
 * One export of the view at a time, never silently incomplete: it first asks Rust which
 * organizations of the view failed, are loading or show an older answer, and if any, asks
 * the user: fetch them first, export anyway (the manifest lists them), or cancel. Then it
 * shows the export's progress from `export-progress` events, with Cancel.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import {
  exportCancel,
  exportCheck,
  exportInvoices,
  onExportProgress,
  toUserError,
  type UserError,
} from '../ipc';
import type { ExportDone, ExportFormat, ExportProgress, InvoiceQuery, OrgStatus } from '../types';

/** What the user asked to export. */
export type ExportRequest = { query: InvoiceQuery; format: ExportFormat; manifest: boolean };

export type ExportRun =
  | { state: 'idle' }
  | { state: 'checking'; request: ExportRequest }
  /** Waiting for the user's answer about `orgs`; `at` is when they were listed (for their ages). */
  | { state: 'asking'; request: ExportRequest; orgs: OrgStatus[]; at: number }
  | { state: 'fetching'; request: ExportRequest; orgs: OrgStatus[] }
  | {
      state: 'running';
      request: ExportRequest;
      progress: ExportProgress | null;
      cancelling: boolean;
    }
  /** `done` is `null` when the save dialog was cancelled. */
  | { state: 'done'; done: ExportDone | null }
  | { state: 'cancelled' }
  | { state: 'failed'; error: UserError; request: ExportRequest };

async function sendCancel(): Promise<void> {
  try {
    await exportCancel();
  } catch (raw) {
    // The export itself still ends with its own outcome or error; only log why cancel failed.
    console.warn('Cancel failed', toUserError(raw));
  }
}

/** Whether an export is under way (checking, asking, fetching or writing): the menu waits for it. */
export function exportBusy(run: ExportRun): boolean {
  return (
    run.state === 'checking' ||
    run.state === 'asking' ||
    run.state === 'fetching' ||
    run.state === 'running'
  );
}

/** How the window fetches, for "Fetch first". */
export type Fetcher = {
  /** Resolves once the fetch running now (the start-up one, a refresh), if any, has ended. */
  settled: () => Promise<void>;
  /**
   * Fetches organizations the way the window's own Retry does (progress bar, sidebar,
   * banners) and resolves when they are done, whatever the outcome.
   */
  fetch: (orgIds: string[]) => Promise<void>;
};

export function useExport(fetcher: Fetcher) {
  const [run, setRun] = useState<ExportRun>({ state: 'idle' });
  /** Grows with every new export: answers for an older one are dropped. */
  const generation = useRef(0);
  /** Rust reported the running export's first rows: from then on a cancel reaches it. */
  const writing = useRef(false);
  /** Cancel was pressed before that (while the file was being chosen): sent with the first report. */
  const cancelPending = useRef(false);

  useEffect(() => {
    let active = true;
    let stop: (() => void) | undefined;
    const onProgress = (progress: ExportProgress) => {
      writing.current = true;
      if (cancelPending.current) {
        cancelPending.current = false;
        void sendCancel();
      }
      setRun((current) => (current.state === 'running' ? { ...current, progress } : current));
    };
    onExportProgress(onProgress).then(
      (unlisten) => {
        if (active) stop = unlisten;
        else unlisten();
      },
      (raw: unknown) => console.warn('export-progress is not available', toUserError(raw)),
    );
    return () => {
      active = false;
      stop?.();
    };
  }, []);

  const write = useCallback(
    async (
      request: ExportRequest,
      allowIncomplete: boolean,
      mine: number,
      askedAgain: boolean,
    ): Promise<void> => {
      const current = () => mine === generation.current;
      writing.current = false;
      cancelPending.current = false;
      setRun({ state: 'running', request, progress: null, cancelling: false });
      try {
        const done = await exportInvoices(
          request.query,
          request.format,
          request.manifest,
          allowIncomplete,
        );
        if (current()) setRun({ state: 'done', done });
      } catch (raw) {
        if (!current()) return;
        const error = toUserError(raw);
        if (error.code === 'cancelled') setRun({ state: 'cancelled' });
        // The view changed between the check and the export (a refresh started, one failed): ask again, once.
        else if (error.code === 'exportIncomplete' && !askedAgain) await check(request, mine, true);
        else setRun({ state: 'failed', error, request });
      }
    },
    [],
  );

  const check = useCallback(
    async (request: ExportRequest, mine: number, askedAgain: boolean): Promise<void> => {
      setRun({ state: 'checking', request });
      try {
        const orgs = await exportCheck(request.query);
        if (mine !== generation.current) return;
        if (orgs.length === 0) await write(request, false, mine, askedAgain);
        else setRun({ state: 'asking', request, orgs, at: Date.now() });
      } catch (raw) {
        if (mine === generation.current)
          setRun({ state: 'failed', error: toUserError(raw), request });
      }
    },
    [write],
  );

  /** Starts an export of `request`: asks about the view first when it is not up to date. */
  const start = useCallback(
    (request: ExportRequest) => void check(request, ++generation.current, false),
    [check],
  );

  /**
   * "Fetch first": waits for a fetch already running, fetches what is still not up to date,
   * then checks the view again (what still fails is asked about again).
   */
  const fetchListed = useCallback(async () => {
    if (run.state !== 'asking') return;
    const { request, orgs } = run;
    const mine = generation.current;
    setRun({ state: 'fetching', request, orgs });
    try {
      await fetcher.settled();
      const still = await exportCheck(request.query);
      if (still.length > 0 && mine === generation.current)
        await fetcher.fetch(still.map((org) => org.orgId));
    } catch (raw) {
      if (mine === generation.current)
        setRun({ state: 'failed', error: toUserError(raw), request });
      return;
    }
    if (mine === generation.current) await check(request, mine, false);
  }, [run, fetcher, check]);

  /** "Export anyway": the listed organizations go to the manifest as failed or stale. */
  const exportAnyway = useCallback(() => {
    if (run.state !== 'asking') return;
    void write(run.request, true, generation.current, true);
  }, [run, write]);

  /** "Cancel" in the question: nothing is exported. */
  const dismiss = useCallback(() => {
    generation.current++;
    setRun({ state: 'idle' });
  }, []);

  /**
   * Cancels the export being written; it ends with no file. Rust can only cancel an export
   * that has started writing, so a cancel pressed before its first report waits for it.
   */
  const cancel = useCallback(async () => {
    setRun((current) => (current.state === 'running' ? { ...current, cancelling: true } : current));
    if (writing.current) await sendCancel();
    else cancelPending.current = true;
  }, []);

  /** Runs the failed export again from its check. */
  const retry = useCallback(() => {
    if (run.state === 'failed') start(run.request);
  }, [run, start]);

  return { run, start, fetchListed, exportAnyway, dismiss, cancel, retry };
}
