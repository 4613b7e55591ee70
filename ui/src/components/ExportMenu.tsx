import { useEffect, useRef, useState } from 'preact/hooks';
import { exportInvoices, toUserError, type UserError } from '../ipc';
import type { ExportDone, ExportFormat, InvoiceQuery } from '../types';
import { ErrorBanner } from './ErrorBanner';

type Props = {
  /** The current view, without paging: what gets exported. */
  query: InvoiceQuery;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Starts the bulk PDF download of the view. */
  onDownloadPdfs: () => void;
  pdfsRunning: boolean;
  matched: number;
};

type Result = { state: 'idle' } | { state: 'running'; format: ExportFormat } | { state: 'done'; done: ExportDone | null } | { state: 'failed'; error: UserError; format: ExportFormat };

const FORMATS: { format: ExportFormat; label: string }[] = [
  { format: 'csv', label: 'CSV' },
  { format: 'xlsx', label: 'Excel (XLSX)' },
  { format: 'json', label: 'JSON' },
];

/** Export the current view as CSV, XLSX or JSON (optionally with a manifest), or its PDFs. */
export function ExportMenu({ query, open, onOpenChange, onDownloadPdfs, pdfsRunning, matched }: Props) {
  const [manifest, setManifest] = useState(false);
  const [result, setResult] = useState<Result>({ state: 'idle' });
  const firstItem = useRef<HTMLButtonElement>(null);

  // Opening by Ctrl/Cmd+E puts the keyboard in the menu.
  useEffect(() => {
    if (open) firstItem.current?.focus();
  }, [open]);

  const run = async (format: ExportFormat) => {
    setResult({ state: 'running', format });
    try {
      setResult({ state: 'done', done: await exportInvoices(query, format, manifest) });
    } catch (raw) {
      setResult({ state: 'failed', error: toUserError(raw), format });
    }
  };

  return (
    <div class="popover-anchor" onKeyDown={(e) => e.key === 'Escape' && onOpenChange(false)}>
      <button type="button" data-testid="export-button" aria-expanded={open} aria-controls="export-menu" aria-keyshortcuts="Control+E Meta+E" onClick={() => onOpenChange(!open)}>
        Export
      </button>
      {open && (
        <div class="popover export-menu" id="export-menu" data-testid="export-menu" role="group" aria-label="Export">
          <p class="muted">{matched} invoices in this view</p>
          {FORMATS.map(({ format, label }, index) => (
            <button
              key={format}
              type="button"
              ref={index === 0 ? firstItem : null}
              data-testid={`export-${format}`}
              disabled={result.state === 'running'}
              onClick={() => void run(format)}
            >
              {result.state === 'running' && result.format === format ? `Exporting ${label}…` : `Export ${label}`}
            </button>
          ))}
          <label class="checkbox">
            <input type="checkbox" data-testid="export-manifest" checked={manifest} onChange={(e) => setManifest(e.currentTarget.checked)} />
            Write manifest (row count and checksum)
          </label>
          <hr />
          <button type="button" data-testid="pdfs-download" disabled={pdfsRunning} onClick={onDownloadPdfs}>
            Download PDFs…
          </button>
        </div>
      )}
      {result.state === 'done' && (
        <p class="result-line" role="status" data-testid="export-result">
          {result.done === null
            ? 'Export cancelled.'
            : `Exported ${result.done.rows} invoices to ${result.done.path}${result.done.manifestPath ? ` (manifest: ${result.done.manifestPath})` : ''}`}
        </p>
      )}
      {result.state === 'failed' && <ErrorBanner error={result.error} onRetry={() => void run(result.format)} />}
    </div>
  );
}
