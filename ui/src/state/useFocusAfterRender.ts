import { useCallback, useLayoutEffect, useRef } from 'preact/hooks';

type Target = () => HTMLElement | null | undefined;

/**
 * Moves the focus once the render that a state change asked for is committed: a form that
 * closes gives the focus back to the button that opened it before the next key is handled.
 * A move left to the next animation frame lets keys typed at once land on the page body.
 *
 * `focusAfterRender(target)` is called beside the state change; the component's next layout
 * effect focuses `target()`. When nothing of this component renders again, the next frame does.
 */
export function useFocusAfterRender(): (target: Target) => void {
  const pending = useRef<Target | null>(null);
  useLayoutEffect(() => {
    const target = pending.current;
    const element = target?.();
    if (!element) return;
    pending.current = null;
    element.focus();
  });
  return useCallback((target: Target) => {
    pending.current = target;
    requestAnimationFrame(() => {
      if (pending.current !== target) return;
      pending.current = null;
      target()?.focus();
    });
  }, []);
}
