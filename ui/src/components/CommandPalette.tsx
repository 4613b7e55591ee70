import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { focusReturn } from '../focus/focusReturn';
import { usePopoverFocus } from '../focus/usePopoverFocus';
import type { Command } from '../palette/commands';
import { rank, segments } from '../palette/fuzzy';
import { isApplePlatform, shortcutLabel } from '../state/shortcuts';

type Props = {
  commands: readonly Command[];
  /** Closes the palette (the caller stops rendering it). */
  onClose: () => void;
};

const LIST_ID = 'command-palette-list';
/**
 * The most commands listed at once, best first; typing narrows the rest. With thousands of
 * organizations each has a command, and rendering them all took seconds.
 */
const MAX_LISTED = 100;
const optionId = (index: number) => `command-palette-option-${index}`;

/**
 * The command palette: a modal dialog with a combobox that filters the commands as the user
 * types (fuzzy, best match first). Arrow keys move the active command, wrapping at both ends;
 * Enter or a click runs it. Escape closes it; either way the focus goes back to where it was,
 * and a command that moves the focus itself (Search) then takes it.
 */
export function CommandPalette({ commands, onClose }: Props) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const panel = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLUListElement>(null);
  // Read at the first render, before the palette takes the focus.
  const [back] = useState(() => focusReturn(document.activeElement));
  /** Where the focus goes back to: found again when the palette closes, as the page is then. */
  const opener = useRef<HTMLElement | null>(back());
  const close = () => {
    opener.current = back();
    onClose();
  };
  const focus = usePopoverFocus({ open: true, close, trigger: opener, panel });
  const matching = useMemo(
    () => rank(commands, query, (command) => command.label),
    [commands, query],
  );
  const ranked = matching.length > MAX_LISTED ? matching.slice(0, MAX_LISTED) : matching;
  const unlisted = matching.length - ranked.length;
  const mac = useMemo(() => isApplePlatform(navigator.platform), []);
  const current = ranked.length === 0 ? -1 : Math.min(active, ranked.length - 1);

  // Not on every new list: the window re-renders during a fetch, which must not undo a scroll by the wheel.
  useEffect(() => {
    if (current >= 0) list.current?.children[current]?.scrollIntoView({ block: 'nearest' });
  }, [current, query]);

  const run = (command: Command | undefined) => {
    if (!command || command.disabled) return;
    close();
    opener.current?.focus();
    command.run();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.isComposing) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      // The caret stays where it is: the arrows belong to the list here.
      event.preventDefault();
      if (ranked.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : ranked.length - 1;
      setActive((Math.max(current, 0) + step) % ranked.length);
      return;
    }
    if (event.key === 'Enter') {
      event.preventDefault();
      run(ranked[current]?.item);
      return;
    }
    focus.onKeyDown(event);
  };

  return (
    <div class="palette-backdrop">
      <div
        ref={panel}
        class="palette"
        role="dialog"
        aria-modal="true"
        aria-label="Command palette"
        data-testid="command-palette"
        onKeyDown={onKeyDown}
        onFocusOut={focus.onFocusOut}
      >
        <input
          type="text"
          class="palette-input"
          data-testid="command-palette-input"
          role="combobox"
          aria-label="Command"
          aria-expanded="true"
          aria-controls={LIST_ID}
          aria-autocomplete="list"
          aria-activedescendant={current >= 0 ? optionId(current) : undefined}
          placeholder="Type a command"
          autocomplete="off"
          spellcheck={false}
          value={query}
          onInput={(event) => {
            setQuery(event.currentTarget.value);
            setActive(0);
          }}
        />
        {/* biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a listbox of options, driven from the input by aria-activedescendant. */}
        <ul ref={list} id={LIST_ID} class="palette-list" role="listbox" aria-label="Commands">
          {ranked.map(({ item, match }, index) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: an option of that listbox; its keys are the input's (the focus stays there).
            <li
              key={item.id}
              id={optionId(index)}
              class="palette-option"
              // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: an option of that listbox.
              role="option"
              data-testid="command-palette-option"
              data-command={item.id}
              aria-selected={index === current}
              aria-disabled={item.disabled ? 'true' : undefined}
              onMouseMove={() => index !== current && setActive(index)}
              // The focus stays in the input, so the keyboard keeps working after a click.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => run(item)}
            >
              <span class="palette-label">
                {segments(item.label, match.positions).map((part, at) =>
                  part.matched ? (
                    <span key={at} class="palette-hit">
                      {part.text}
                    </span>
                  ) : (
                    part.text
                  ),
                )}
              </span>
              {item.shortcut && (
                // The space makes the option read "Refresh Ctrl+R", not "RefreshCtrl+R".
                <>
                  {' '}
                  <kbd>{shortcutLabel(item.shortcut, mac)}</kbd>
                </>
              )}
            </li>
          ))}
        </ul>
        <p class="palette-empty" role="status" data-testid="command-palette-empty">
          {ranked.length === 0
            ? 'No matching command'
            : unlisted > 0
              ? `${unlisted} more: type to narrow the list`
              : ''}
        </p>
      </div>
    </div>
  );
}
