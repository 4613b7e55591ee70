/**
 * Layout checks for reflow and zoom (WCAG 1.4.4 Resize text, 1.4.10 Reflow): over every visible
 * interactive or text-bearing element under a root, nothing is cut off, no two controls overlap,
 * and nothing sticks out sideways except inside an element that scrolls sideways on purpose.
 * Each finding names the element (its test ID, or its tag and text) and its box, so a failure
 * says what to fix.
 */
import type { Page } from '@playwright/test';

export type LayoutOptions = {
  /** Where to look; default the whole app (`#app`). A modal state passes its dialog. */
  root?: string;
  /**
   * Elements that scroll sideways on purpose: what they hold may lie past the window's edge
   * (scrolled to), and they are not reported as a second scrollbar. Default: the data grids and
   * tables listed in {@link HORIZONTAL_SCROLLERS}.
   */
  scrollers?: readonly string[];
};

/**
 * The elements allowed to scroll sideways, each a two-dimensional data table (WCAG 1.4.10
 * exempts content whose meaning needs its two-dimensional layout):
 * - the virtualized invoice grid: its columns keep their widths and it scrolls sideways, with
 *   a sticky header row, in a narrow window;
 * - the export history and changes tables (they scroll sideways at any width when a path is long).
 * The aging table (`.aging`) can scroll sideways too, for a connection with many aging buckets,
 * but is not listed: with the usual five buckets it must fit, and the check says when it does not.
 */
export const HORIZONTAL_SCROLLERS = [
  '.table-scroll',
  '.history-scroll',
  '.changes-scroll',
] as const;

/** What the check looks at: controls and the elements that carry text a user must read whole. */
const TEXT_BEARING = [
  'button',
  'a[href]',
  'input:not([type=hidden])',
  'select',
  'textarea',
  'summary',
  'label',
  'legend',
  'h1',
  'h2',
  'h3',
  'h4',
  'th',
  '[role=columnheader]',
  '[role=gridcell]',
  '[role=option]',
  '[role=tab]',
  '.chip',
  '.badge',
  '.palette-label',
].join(',');

/** The controls that must not lie on top of one another. */
const INTERACTIVE = 'button, a[href], input:not([type=hidden]), select, textarea, summary';

export type LayoutReport = {
  /** Text cut off: clipped without an ellipsis and the whole text offered, or a button or label too narrow for its text. */
  cutOff: string[];
  /** Two controls whose boxes overlap by more than 1 px, neither inside the other. */
  overlaps: string[];
  /** Past the window's or a clipping container's side, or a container that scrolls sideways though it should not. */
  offscreen: string[];
  /** How many elements and controls were looked at, so a check that saw nothing fails. */
  checked: { elements: number; controls: number };
};

/** Collects every layout problem under `options.root` in the page as it is now. */
export async function layoutReport(page: Page, options: LayoutOptions = {}): Promise<LayoutReport> {
  return page.evaluate(
    ({ root, scrollers, textBearing, interactive }) => {
      const rootElement = document.querySelector(root);
      if (!rootElement) throw new Error(`layoutReport: no element matches ${root}`);
      const scrollerSelector = scrollers.join(',');
      const round = (value: number) => Math.round(value);
      const box = (rect: { left: number; top: number; width: number; height: number }) =>
        `[x ${round(rect.left)} y ${round(rect.top)} w ${round(rect.width)} h ${round(rect.height)}]`;
      const name = (element: Element) => {
        const testId = element.closest('[data-testid]');
        const own = element.getAttribute('data-testid');
        const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
        const label = element.getAttribute('aria-label');
        const what = own
          ? `[data-testid=${own}]`
          : `${element.tagName.toLowerCase()}${element.className && typeof element.className === 'string' ? `.${element.className.trim().split(/\s+/).join('.')}` : ''}`;
        const inside =
          !own && testId && testId !== element
            ? ` in [data-testid=${testId.getAttribute('data-testid')}]`
            : '';
        return `${what}${inside} "${text || label || (element as HTMLInputElement).value || ''}"`;
      };
      /** The text a sighted user sees: without the text kept for screen readers only. */
      const visibleText = (element: Element) => {
        let text = '';
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode())
          if (!node.parentElement?.closest('.visually-hidden')) text += node.textContent ?? '';
        return text;
      };
      const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
      const clipsX = (style: CSSStyleDeclaration) => style.overflowX !== 'visible';
      const clipsY = (style: CSSStyleDeclaration) => style.overflowY !== 'visible';

      type Rect = {
        left: number;
        top: number;
        right: number;
        bottom: number;
        width: number;
        height: number;
      };
      /** The part of the element not clipped away by its scrolling or clipping ancestors; null = none of it shows. */
      const shownRect = (element: Element): Rect | null => {
        const own = element.getBoundingClientRect();
        let { left, top, right, bottom } = own;
        for (let parent = element.parentElement; parent; parent = parent.parentElement) {
          const style = getComputedStyle(parent);
          if (!clipsX(style) && !clipsY(style)) continue;
          const clip = parent.getBoundingClientRect();
          if (clipsX(style)) {
            left = Math.max(left, clip.left);
            right = Math.min(right, clip.right);
          }
          if (clipsY(style)) {
            top = Math.max(top, clip.top);
            bottom = Math.min(bottom, clip.bottom);
          }
        }
        if (right - left < 1 || bottom - top < 1) return null;
        return { left, top, right, bottom, width: right - left, height: bottom - top };
      };
      const visible = (element: Element) => {
        if (element.closest('.visually-hidden')) return false;
        const style = getComputedStyle(element);
        if (
          style.visibility === 'hidden' ||
          style.display === 'none' ||
          Number(style.opacity) === 0
        )
          return false;
        const rect = element.getBoundingClientRect();
        return rect.width > 0 && rect.height > 0;
      };
      /** A popover or dialog floats above the page on purpose: its controls may lie over the page's. */
      const layer = (element: Element) =>
        element.closest('.popover, [role=dialog], .palette-backdrop') ?? rootElement;

      const elements = [...rootElement.querySelectorAll(textBearing)].filter(visible);
      const shown = new Map<Element, Rect>();
      for (const element of elements) {
        const rect = shownRect(element);
        if (rect) shown.set(element, rect);
      }

      // a) Nothing cut off.
      const cutOff: string[] = [];
      for (const [element] of shown) {
        const tag = element.tagName.toLowerCase();
        // A field's value scrolls inside it as typed text does at any size.
        if (tag === 'input' || tag === 'select' || tag === 'textarea') continue;
        const style = getComputedStyle(element);
        const clips = clipsX(style) || style.textOverflow === 'ellipsis';
        const mustShowAll = tag === 'button' || tag === 'label';
        if (!clips && !mustShowAll) continue;
        if (element.scrollWidth <= element.clientWidth + 1) continue;
        // The app's deliberate truncation: an ellipsis, and the whole text in a title on the
        // element, inside it or on the cell around it (every word shown is in the title, which
        // may say more, e.g. "Not a valid date (shown as received): 31/02/2024").
        const shownWords = words(visibleText(element));
        const titled = [element.closest('[title]'), element.querySelector('[title]')].some(
          (holder) => {
            const title = new Set(words(holder?.getAttribute('title') ?? ''));
            return title.size > 0 && shownWords.every((word) => title.has(word));
          },
        );
        const ellipsis =
          style.textOverflow === 'ellipsis' ||
          [...element.querySelectorAll('*')].some(
            (child) => getComputedStyle(child).textOverflow === 'ellipsis',
          );
        if (ellipsis && titled && !mustShowAll) continue;
        cutOff.push(
          `${name(element)} ${box(element.getBoundingClientRect())}: its text needs ${element.scrollWidth} px, it shows ${element.clientWidth} px${ellipsis ? ' (ellipsis without the whole text in a title)' : ''}`,
        );
      }

      // b) No overlap between controls.
      const controls = [...shown.keys()].filter((element) => element.matches(interactive));
      const overlaps: string[] = [];
      for (let i = 0; i < controls.length; i++) {
        for (let j = i + 1; j < controls.length; j++) {
          const a = controls[i]!;
          const b = controls[j]!;
          if (a.contains(b) || b.contains(a) || layer(a) !== layer(b)) continue;
          const ra = shown.get(a)!;
          const rb = shown.get(b)!;
          const width = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
          const height = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
          if (width > 1 && height > 1)
            overlaps.push(
              `${name(a)} ${box(ra)} overlaps ${name(b)} ${box(rb)} by ${round(width)} x ${round(height)} px`,
            );
        }
      }

      // c) Nothing past the side of the window or of a container that clips it, except inside a
      // container that scrolls sideways on purpose; and no other container scrolls sideways.
      const offscreen: string[] = [];
      const page = document.documentElement;
      if (page.scrollWidth > innerWidth + 1)
        offscreen.push(
          `the page scrolls sideways: ${page.scrollWidth} px wide in a ${innerWidth} px window`,
        );
      for (const element of [rootElement, ...rootElement.querySelectorAll('*')]) {
        if (element.matches(scrollerSelector) || element === page || element === document.body)
          continue;
        const style = getComputedStyle(element);
        if (
          (style.overflowX === 'auto' || style.overflowX === 'scroll') &&
          element.scrollWidth > element.clientWidth + 1 &&
          visible(element)
        ) {
          offscreen.push(
            `${name(element)} ${box(element.getBoundingClientRect())} scrolls sideways: ${element.scrollWidth} px of content in ${element.clientWidth} px`,
          );
        }
      }
      for (const element of elements) {
        if (scrollerSelector && element.closest(scrollerSelector)) continue;
        const rect = element.getBoundingClientRect();
        let limit = { left: 0, right: innerWidth, what: 'the window' };
        for (
          let parent = element.parentElement;
          parent && parent !== page;
          parent = parent.parentElement
        ) {
          if (!clipsX(getComputedStyle(parent))) continue;
          const clip = parent.getBoundingClientRect();
          limit = {
            left: Math.max(limit.left, clip.left),
            right: Math.min(limit.right, clip.right),
            what: limit.what,
          };
          if (clip.left > 0 || clip.right < innerWidth) limit.what = name(parent);
        }
        if (rect.left < limit.left - 1 || rect.right > limit.right + 1) {
          offscreen.push(
            `${name(element)} ${box(rect)} sticks out of ${limit.what} (x ${round(limit.left)} to ${round(limit.right)})`,
          );
        }
      }

      return {
        cutOff,
        overlaps,
        offscreen,
        checked: { elements: shown.size, controls: controls.length },
      };
    },
    {
      root: options.root ?? '#app',
      scrollers: options.scrollers ?? HORIZONTAL_SCROLLERS,
      textBearing: TEXT_BEARING,
      interactive: INTERACTIVE,
    },
  );
}
