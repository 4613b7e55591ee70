import { useEffect, useRef, useState } from 'preact/hooks';
import { usePopoverFocus } from '../focus/usePopoverFocus';
import {
  canMoveColumn,
  columnLabel,
  moveColumn,
  movedAnnouncement,
  toggleColumn,
  type Direction,
} from '../state/columns';
import type { ColumnPref } from '../types';

type Props = {
  prefs: readonly ColumnPref[];
  /** The new list after a column is shown, hidden or moved; the caller saves it through `prefs_set`. */
  onChange: (next: ColumnPref[]) => void;
};

const OTHER_WAY: Readonly<Record<Direction, Direction>> = { left: 'right', right: 'left' };

/** Which invoice columns are shown, and in what order. */
export function ColumnChooser({ prefs, onChange }: Props) {
  const [open, setOpen] = useState(false);
  const [said, setSaid] = useState({ text: '', count: 0 });
  const trigger = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLFieldSetElement>(null);
  /** The move button pressed last: it keeps the focus once the moved list is back. */
  const pressed = useRef<{ id: string; direction: Direction } | null>(null);
  const focus = usePopoverFocus({ open, close: () => setOpen(false), trigger, panel });

  // Reordering moves the row's elements in the page, which can drop the focus: put it back on
  // the button pressed, or on the other one when the column reached that end.
  useEffect(() => {
    const last = pressed.current;
    pressed.current = null;
    if (!last || !panel.current) return;
    const button = (direction: Direction) =>
      panel.current?.querySelector<HTMLButtonElement>(
        `[data-testid="column-${direction}-${last.id}"]`,
      );
    const same = button(last.direction);
    (same && !same.disabled ? same : button(OTHER_WAY[last.direction]))?.focus();
  }, [prefs]);

  const toggleOpen = () => {
    // A sentence from an earlier opening is not news: the region starts empty.
    if (!open) setSaid((old) => ({ text: '', count: old.count + 1 }));
    setOpen(!open);
  };

  const move = (id: string, direction: Direction) => {
    const next = moveColumn(prefs, id, direction);
    pressed.current = { id, direction };
    setSaid((old) => ({ text: movedAnnouncement(next, id), count: old.count + 1 }));
    onChange(next);
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: it only catches the keys and focus moves that bubble up from the popover's own controls.
    <div class="popover-anchor" onKeyDown={focus.onKeyDown} onFocusOut={focus.onFocusOut}>
      <button
        type="button"
        ref={trigger}
        data-testid="column-chooser"
        aria-expanded={open}
        aria-controls="column-menu"
        onClick={toggleOpen}
      >
        Columns
      </button>
      {open && (
        <fieldset class="popover" id="column-menu" data-testid="column-menu" ref={panel}>
          <legend>Columns to show, in table order</legend>
          {prefs.map((pref) => {
            const label = columnLabel(pref.id);
            return (
              <div class="column-choice" key={pref.id}>
                <label class="checkbox">
                  <input
                    type="checkbox"
                    data-testid={`column-${pref.id}`}
                    checked={pref.visible}
                    onChange={() => onChange(toggleColumn(prefs, pref.id))}
                  />
                  {label}
                </label>
                {(['left', 'right'] as const).map((direction) => (
                  <button
                    type="button"
                    key={direction}
                    class="column-move"
                    data-testid={`column-${direction}-${pref.id}`}
                    aria-label={`Move ${label} ${direction}`}
                    title={`Move ${direction}`}
                    disabled={!canMoveColumn(prefs, pref.id, direction)}
                    onClick={() => move(pref.id, direction)}
                  >
                    {direction === 'left' ? '←' : '→'}
                  </button>
                ))}
              </div>
            );
          })}
          <p
            class="visually-hidden"
            role="status"
            aria-atomic="true"
            data-testid="column-move-announcement"
          >
            {/* A new node each time, so the same sentence after another move is read again. */}
            <span key={said.count}>{said.text}</span>
          </p>
        </fieldset>
      )}
    </div>
  );
}
