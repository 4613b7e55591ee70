import { useCallback, useLayoutEffect, useRef } from 'preact/hooks';

type Target = () => HTMLElement | null | undefined;
interface Pending {
  target: Target;
  /** Select the text of an input once it has the focus. */
  select: boolean;
}

function focus({ target, select }: Pending): boolean {
  const element = target();
  if (!element) return false;
  element.focus();
  if (select && element instanceof HTMLInputElement) element.select();
  return true;
}

/**
 * Moves the focus once the render that a state change asked for is committed: a form that
 * closes gives the focus back to the button that opened it, and Ctrl+F from another tab gives
 * it to the search box, before the next key is handled. A move left to the next animation
 * frame lets keys typed at once land on the page body.
 *
 * `focusAfterRender(target)` is called beside the state change; the component's next layout
 * effect (which runs after its children's) focuses `target()`. When nothing of this component
 * renders again, the next frame does. `{ select: true }` also selects an input's text.
 */
export function useFocusAfterRender(): (target: Target, options?: { select?: boolean }) => void {
  const pending = useRef<Pending | null>(null);
  useLayoutEffect(() => {
    const wanted = pending.current;
    if (wanted && focus(wanted)) pending.current = null;
  });
  return useCallback((target: Target, options?: { select?: boolean }) => {
    const wanted = { target, select: options?.select ?? false };
    pending.current = wanted;
    requestAnimationFrame(() => {
      if (pending.current !== wanted) return;
      pending.current = null;
      focus(wanted);
    });
  }, []);
}
