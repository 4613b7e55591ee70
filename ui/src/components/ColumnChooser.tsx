import { useRef, useState } from 'preact/hooks';
import { usePopoverFocus } from '../focus/usePopoverFocus';
import { COLUMNS } from '../state/columns';
import type { ColumnPref } from '../types';

type Props = { prefs: readonly ColumnPref[]; onToggle: (id: string) => void };

/** Which invoice columns are shown; saved through `prefs_set` by the caller. */
export function ColumnChooser({ prefs, onToggle }: Props) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLFieldSetElement>(null);
  const focus = usePopoverFocus({ open, close: () => setOpen(false), trigger, panel });
  const labels = new Map(COLUMNS.map((column) => [column.id as string, column.label]));
  return (
    <div class="popover-anchor" onKeyDown={focus.onKeyDown} onFocusOut={focus.onFocusOut}>
      <button type="button" ref={trigger} data-testid="column-chooser" aria-expanded={open} aria-controls="column-menu" onClick={() => setOpen(!open)}>
        Columns
      </button>
      {open && (
        <fieldset class="popover" id="column-menu" data-testid="column-menu" ref={panel}>
          <legend>Columns to show</legend>
          {prefs.map((pref) => (
            <label class="checkbox" key={pref.id}>
              <input type="checkbox" data-testid={`column-${pref.id}`} checked={pref.visible} onChange={() => onToggle(pref.id)} />
              {labels.get(pref.id) ?? pref.id}
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}
