import { useCallback, useRef, useState } from 'preact/hooks';
import { usePopoverFocus } from '../focus/usePopoverFocus';
import { changesExport, toUserError, type UserError } from '../ipc';
import { exportedText } from '../state/changes';
import { EXPORT_FORMATS } from '../state/exportFormats';
import type { ChangesExported, ExportFormat } from '../types';
import { ErrorBanner } from './ErrorBanner';

type Run =
  | { state: 'idle' }
  | { state: 'running' }
  | { state: 'done'; done: ChangesExported }
  | { state: 'failed'; error: UserError; format: ExportFormat };

/**
 * "Export changes" and its menu of formats: writes every change since export `number` (the
 * tab's filter aside) to a file the user picks. A cancelled save dialog says nothing.
 */
export function ChangesExportMenu({ number }: { number: number }) {
  const [open, setOpen] = useState(false);
  const [run, setRun] = useState<Run>({ state: 'idle' });
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const focus = usePopoverFocus({ open, close: () => setOpen(false), trigger: button, panel });

  const start = useCallback(
    (format: ExportFormat) => {
      setRun({ state: 'running' });
      changesExport(number, format).then(
        (done) => setRun(done ? { state: 'done', done } : { state: 'idle' }),
        (raw: unknown) => setRun({ state: 'failed', error: toUserError(raw), format }),
      );
    },
    [number],
  );

  const choose = (format: ExportFormat) => {
    setOpen(false);
    // The chosen item goes with the menu: the keyboard stays on the button.
    button.current?.focus();
    start(format);
  };

  return (
    <div class="changes-export">
      {/* biome-ignore lint/a11y/noStaticElementInteractions: it only catches the keys and focus moves that bubble up from the popover's own controls. */}
      <div class="popover-anchor" onKeyDown={focus.onKeyDown} onFocusOut={focus.onFocusOut}>
        <button
          type="button"
          ref={button}
          data-testid="changes-export-button"
          aria-expanded={open}
          aria-controls="changes-export-menu"
          onClick={() => setOpen(!open)}
        >
          {run.state === 'running' ? 'Exporting changes…' : 'Export changes'}
        </button>
        {open && (
          <div
            class="popover popover-up changes-export-menu"
            id="changes-export-menu"
            ref={panel}
            data-testid="changes-export-menu"
            role="group"
            aria-label="Export changes"
          >
            <p class="muted">Every change since export {number}, whatever the filter</p>
            {EXPORT_FORMATS.map(({ format, label }) => (
              <button
                key={format}
                type="button"
                data-testid={`changes-export-${format}`}
                disabled={run.state === 'running'}
                onClick={() => choose(format)}
              >
                {`Export ${label}`}
              </button>
            ))}
          </div>
        )}
      </div>
      {run.state === 'done' && (
        <p class="result-line" role="status" data-testid="changes-export-result">
          {exportedText(run.done)}
        </p>
      )}
      {run.state === 'failed' && (
        <ErrorBanner error={run.error} onRetry={() => start(run.format)} />
      )}
    </div>
  );
}
