import { useRef, useState } from 'preact/hooks';
import { usePopoverFocus } from '../focus/usePopoverFocus';
import { EXPORT_FORMATS } from '../state/exportFormats';
import type { ExportFormat } from '../types';

type Props = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Starts an export of the current view (its status shows above the table, see ExportStatus). */
  onExport: (format: ExportFormat, manifest: boolean) => void;
  /** An export is under way: another waits for it. */
  exporting: boolean;
  /** Starts the bulk PDF download of the view. */
  onDownloadPdfs: () => void;
  pdfsRunning: boolean;
  /** Opens the PDF archive folder in the file manager. */
  onOpenArchiveFolder: () => void;
  matched: number;
};

/**
 * The Export button and its menu: CSV, XLSX or JSON of the current view (optionally with a
 * manifest), or its PDFs, and the folder the PDFs are archived in. Choosing one closes the
 * menu; the export's question, progress and outcome show above the table.
 */
export function ExportMenu({ open, onOpenChange, onExport, exporting, onDownloadPdfs, pdfsRunning, onOpenArchiveFolder, matched }: Props) {
  const [manifest, setManifest] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  // Opening (by click or Ctrl/Cmd+E) puts the keyboard in the menu; Tab stays inside it, and
  // Escape gives the focus back to the Export button.
  const focus = usePopoverFocus({ open, close: () => onOpenChange(false), trigger: button, panel });

  const choose = (start: () => void) => {
    onOpenChange(false);
    // The chosen item goes with the menu: the keyboard stays on the Export button.
    button.current?.focus();
    start();
  };

  return (
    <div class="popover-anchor" onKeyDown={focus.onKeyDown} onFocusOut={focus.onFocusOut}>
      <button type="button" ref={button} data-testid="export-button" aria-expanded={open} aria-controls="export-menu" aria-keyshortcuts="Control+E Meta+E" onClick={() => onOpenChange(!open)}>
        Export
      </button>
      {open && (
        <div class="popover export-menu" id="export-menu" ref={panel} data-testid="export-menu" role="group" aria-label="Export">
          <p class="muted">{matched} invoices in this view</p>
          {EXPORT_FORMATS.map(({ format, label }) => (
            <button
              key={format}
              type="button"
              data-testid={`export-${format}`}
              disabled={exporting}
              onClick={() => choose(() => onExport(format, manifest))}
            >
              {`Export ${label}`}
            </button>
          ))}
          <label class="checkbox">
            <input type="checkbox" data-testid="export-manifest" checked={manifest} onChange={(e) => setManifest(e.currentTarget.checked)} />
            Write manifest (row count and checksum)
          </label>
          <hr />
          <button type="button" data-testid="pdfs-download" disabled={pdfsRunning} onClick={() => choose(onDownloadPdfs)}>
            Download PDFs…
          </button>
          <button type="button" data-testid="archive-folder-open" onClick={() => choose(onOpenArchiveFolder)}>
            Open archive folder
          </button>
        </div>
      )}
    </div>
  );
}
