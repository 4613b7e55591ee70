import { useState } from 'preact/hooks';
import { COLUMNS } from '../state/columns';
import type { ColumnPref } from '../types';

type Props = { prefs: readonly ColumnPref[]; onToggle: (id: string) => void };

/** Which invoice columns are shown; saved through `prefs_set` by the caller. */
export function ColumnChooser({ prefs, onToggle }: Props) {
  const [open, setOpen] = useState(false);
  const labels = new Map(COLUMNS.map((column) => [column.id as string, column.label]));
  return (
    <div class="popover-anchor" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <button type="button" data-testid="column-chooser" aria-expanded={open} aria-controls="column-menu" onClick={() => setOpen(!open)}>
        Columns
      </button>
      {open && (
        <fieldset class="popover" id="column-menu" data-testid="column-menu">
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
