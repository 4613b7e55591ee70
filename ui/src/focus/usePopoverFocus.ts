/**
 * The focus rules of a popover (a panel opened by a button, such as the column chooser): on
 * opening, the focus goes to its first control; Tab and Shift+Tab cycle inside it; Escape
 * closes it and gives the focus back to the button that opened it; a click or a focus
 * outside closes it where the user went.
 */
import { useLayoutEffect } from 'preact/hooks';
import type { RefObject } from 'preact';
import { nextStop, tabStops } from './tabbable';

type Options = {
  open: boolean;
  close: () => void;
  /** The button that opens and closes the popover. */
  trigger: RefObject<HTMLElement | null>;
  /** The popover itself, rendered while open. */
  panel: RefObject<HTMLElement | null>;
};

/** Returns the keydown and focusout handlers for the element holding the trigger and the panel. */
export function usePopoverFocus({ open, close, trigger, panel }: Options) {
  // Before the first paint: a key pressed as soon as the popover shows goes to it, not to the page behind.
  useLayoutEffect(() => {
    if (!open) return;
    const element = panel.current;
    if (element) tabStops(element)[0]?.focus();
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target;
      if (
        target instanceof Node &&
        !element?.contains(target) &&
        !trigger.current?.contains(target)
      )
        close();
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const onKeyDown = (event: KeyboardEvent) => {
    const element = panel.current;
    if (!open || !element) return;
    if (event.key === 'Escape') {
      // The popover only: nothing around it closes with this Escape.
      event.stopPropagation();
      close();
      trigger.current?.focus();
      return;
    }
    if (event.key !== 'Tab' || !(event.target instanceof Node) || !element.contains(event.target))
      return;
    const stops = tabStops(element);
    // biome-ignore lint/complexity/useIndexOf: the target is a Node, which indexOf on HTMLElement[] does not take.
    const from = stops.findIndex((stop) => stop === event.target);
    const next = stops[nextStop(from, stops.length, event.shiftKey)];
    if (!next) return;
    event.preventDefault();
    next.focus();
  };

  const onFocusOut = (event: FocusEvent) => {
    const to = event.relatedTarget;
    // Focus moved elsewhere by other means (a shortcut, a click on a control outside).
    if (
      open &&
      to instanceof Node &&
      !panel.current?.contains(to) &&
      !trigger.current?.contains(to)
    )
      close();
  };

  return { onKeyDown, onFocusOut };
}
