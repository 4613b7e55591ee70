import { useRef, useState } from 'preact/hooks';
import { usePopoverFocus } from '../focus/usePopoverFocus';
import { CSV_DIALECTS, formatLabel, type CsvDialect } from '../state/csvDialect';
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
  /** The saved layout of CSV exports (`settings.ui.csvDialect`, standard when none is saved). */
  csvDialect: CsvDialect;
  /** The user chose a CSV layout; the caller saves it (Rust reads it when it writes a CSV). */
  onCsvDialectChange: (dialect: CsvDialect) => void;
};

/**
 * The Export button and its menu: CSV, XLSX or JSON of the current view (optionally with a
 * manifest), or its PDFs, and the folder the PDFs are archived in. Choosing one closes the
 * menu; the export's question, progress and outcome show above the table. The menu also holds
 * the CSV layout, a saved preference: choosing one keeps the menu open.
 */
export function ExportMenu({
  open,
  onOpenChange,
  onExport,
  exporting,
  onDownloadPdfs,
  pdfsRunning,
  onOpenArchiveFolder,
  matched,
  csvDialect,
  onCsvDialectChange,
}: Props) {
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
    // biome-ignore lint/a11y/noStaticElementInteractions: it only catches the keys and focus moves that bubble up from the popover's own controls.
    <div class="popover-anchor" onKeyDown={focus.onKeyDown} onFocusOut={focus.onFocusOut}>
      <button
        type="button"
        ref={button}
        data-testid="export-button"
        aria-expanded={open}
        aria-controls="export-menu"
        aria-keyshortcuts="Control+E Meta+E"
        onClick={() => onOpenChange(!open)}
      >
        Export
      </button>
      {open && (
        <div
          class="popover export-menu"
          id="export-menu"
          ref={panel}
          data-testid="export-menu"
          role="group"
          aria-label="Export"
        >
          <p class="muted">{matched} invoices in this view</p>
          {EXPORT_FORMATS.map(({ format, label }) => (
            <button
              key={format}
              type="button"
              data-testid={`export-${format}`}
              disabled={exporting}
              onClick={() => choose(() => onExport(format, manifest))}
            >
              {`Export ${formatLabel(format, label, csvDialect)}`}
            </button>
          ))}
          <label class="checkbox">
            <input
              type="checkbox"
              data-testid="export-manifest"
              checked={manifest}
              onChange={(e) => setManifest(e.currentTarget.checked)}
            />
            Write manifest (row count and checksum)
          </label>
          {/* One stop for Tab (the checked radio), the arrow keys choose: the browser's radio group. */}
          <fieldset class="radio-group" data-testid="export-csv-dialect">
            <legend>CSV layout</legend>
            {CSV_DIALECTS.map(({ value, label, description }) => (
              <div class="radio-choice" key={value}>
                <label class="checkbox">
                  <input
                    type="radio"
                    name="export-csv-dialect"
                    value={value}
                    data-testid={`export-csv-dialect-${value}`}
                    checked={csvDialect === value}
                    aria-describedby={`export-csv-dialect-${value}-hint`}
                    onChange={(event) => {
                      if (event.currentTarget.checked) onCsvDialectChange(value);
                    }}
                  />
                  {label}
                </label>
                <span class="muted radio-hint" id={`export-csv-dialect-${value}-hint`}>
                  {description}
                </span>
              </div>
            ))}
          </fieldset>
          <hr />
          <button
            type="button"
            data-testid="pdfs-download"
            disabled={pdfsRunning}
            onClick={() => choose(onDownloadPdfs)}
          >
            Download PDFs…
          </button>
          <button
            type="button"
            data-testid="archive-folder-open"
            onClick={() => choose(onOpenArchiveFolder)}
          >
            Open archive folder
          </button>
        </div>
      )}
    </div>
  );
}
