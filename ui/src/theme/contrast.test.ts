import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contrastRatio, pairsBelow, parseHex, themeTokens } from './contrast';
import type { Scheme } from './scheme';

const stylesheet = readFileSync(new URL('../styles.css', import.meta.url), 'utf8');
const tokens = themeTokens(stylesheet);
const SCHEMES: readonly Scheme[] = ['light', 'dark'];

/**
 * Every text colour token and each background styles.css draws it on. A new text token, or a
 * text token put on a new background, belongs here: the check below fails for a token that
 * has no entry.
 */
const TEXT_ON: Readonly<Record<string, readonly string[]>> = {
  // Body text everywhere: page, panels, table header, overdue rows, status chips, badges.
  text: [
    'bg',
    'surface',
    'surface-2',
    'overdue-bg',
    'chip-draft',
    'chip-open',
    'chip-paid',
    'chip-void',
    'chip-uncollectible',
  ],
  // Hints, counts, empty states, "none" dashes (also inside overdue rows), the grid's key line.
  muted: ['bg', 'surface', 'surface-2', 'overdue-bg'],
  // Primary buttons, resting and hovered.
  'accent-text': ['accent', 'accent-hover'],
  'demo-text': ['demo-bg'],
  // Banners and expired cards; form errors and danger buttons on panels; failed organizations.
  'error-text': ['error-bg', 'surface', 'surface-2'],
  // Stale and warning banners, invalid dates, expiring cards; the token warning and the
  // sidebar's expiring-cards line on a panel (hovered too); field hints on the page.
  'warn-text': ['warn-bg', 'surface', 'surface-2', 'bg'],
  // Saved and exported lines, on panels and on the page.
  'ok-text': ['surface', 'bg'],
  // "Overdue · N days" in overdue rows, negative amounts, late aging buckets.
  'overdue-text': ['overdue-bg', 'surface'],
};

/**
 * Non-text signs, held to WCAG's 3:1 for user interface components: the focus outline on
 * everything it is drawn over (inside grid cells it sits on the row), and the overdue row's
 * edge, which marks overdue rows besides their tint.
 */
const SIGN_ON: Readonly<Record<string, readonly string[]>> = {
  accent: ['bg', 'surface', 'surface-2', 'overdue-bg', 'error-bg', 'warn-bg'],
  'overdue-edge': ['overdue-bg', 'surface'],
  // The charts' bars, on their panel and on the current month's band (overdue is hatched too).
  'chart-not-due': ['surface', 'surface-2'],
  'chart-overdue': ['surface', 'surface-2'],
};

describe('contrastRatio', () => {
  it('is 21 for black on white and 1 for a colour on itself, in either order', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#1f5f8b', '#1f5f8b')).toBe(1);
  });

  it('matches the WCAG figure for a known pair', () => {
    // #767676 on white is the classic "just passes AA" grey: 4.54:1.
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it('reads short and long hex forms alike, and refuses anything else', () => {
    expect(parseHex('#abc')).toEqual(parseHex('#aabbcc'));
    expect(() => parseHex('rgb(0 0 0)')).toThrow(/not a hex colour/);
  });
});

describe('themeTokens', () => {
  const css = (dark: string) =>
    `:root {\n  color-scheme: light;\n  --text: #111111;\n  --bg: #ffffff;\n}\n${dark}`;

  it("reads the light :root block and the :root[data-theme='dark'] one, dark inheriting what it does not set", () => {
    const read = themeTokens(css(":root[data-theme='dark'] {\n  --text: #eeeeee;\n}\n"));
    expect(read.light).toEqual({ text: '#111111', bg: '#ffffff' });
    expect(read.dark).toEqual({ text: '#eeeeee', bg: '#ffffff' });
    expect(
      themeTokens(css(':root[data-theme="dark"] { --text: #eeeeee; }')).dark.text,
      'either quote',
    ).toBe('#eeeeee');
  });

  it('refuses a stylesheet without a dark palette, with a second copy of one, or keyed off the OS', () => {
    expect(() => themeTokens(css(''))).toThrow(/one light :root block and one/);
    expect(() =>
      themeTokens(
        css(
          ":root[data-theme='dark'] { --text: #eeeeee; }\n:root[data-theme='dark'] { --bg: #000000; }",
        ),
      ),
    ).toThrow(/not 1 and 2/);
    expect(() =>
      themeTokens(
        css('@media (prefers-color-scheme: dark) {\n  :root {\n    --text: #eeeeee;\n  }\n}'),
      ),
    ).toThrow(/prefers-color-scheme/);
  });

  it('ignores blocks and queries inside comments', () => {
    const commented = css(
      ":root[data-theme='dark'] { --text: #eeeeee; }\n/* @media (prefers-color-scheme: dark) { :root { --text: #000; } } */",
    );
    expect(themeTokens(commented).dark.text).toBe('#eeeeee');
  });
});

describe('pairsBelow', () => {
  it('lists each pair under the ratio, in the palette asked for, and fails on an unknown token', () => {
    const read = themeTokens(
      ":root {\n  --text: #767676;\n  --bg: #ffffff;\n  --hint: #aaaaaa;\n}\n:root[data-theme='dark'] { --text: #ffffff; --bg: #000000; }",
    );
    expect(pairsBelow(read, 'light', { text: ['bg'], hint: ['bg'] }, 4.5)).toEqual([
      { pair: 'hint on bg', ratio: 2.32 },
    ]);
    expect(pairsBelow(read, 'dark', { text: ['bg'] }, 4.5)).toEqual([]);
    expect(() => pairsBelow(read, 'dark', { text: ['surface'] }, 4.5)).toThrow(
      /--surface is not a colour token of the dark palette/,
    );
  });
});

describe('the colour tokens of styles.css', () => {
  it('are read for both palettes, dark overriding light', () => {
    expect(tokens.light.text, 'the light :root block was found').toMatch(/^#/);
    expect(tokens.dark.text, 'the dark block sets its own text colour').not.toBe(tokens.light.text);
  });

  it('name an entry in TEXT_ON for every text token, so none goes unchecked', () => {
    const textTokens = Object.keys(tokens.light).filter(
      (name) => name === 'text' || name === 'muted' || name.endsWith('-text'),
    );
    expect(textTokens.length, 'the stylesheet still has its text tokens').toBeGreaterThan(5);
    expect(textTokens.filter((name) => !(name in TEXT_ON))).toEqual([]);
  });

  for (const scheme of SCHEMES) {
    it(`give every text at least 4.5:1 on each background it is drawn on (${scheme})`, () => {
      expect(pairsBelow(tokens, scheme, TEXT_ON, 4.5), 'WCAG 1.4.3, AA for normal text').toEqual(
        [],
      );
    });

    it(`give the focus outline, the overdue edge and the chart bars at least 3:1 against what is around them (${scheme})`, () => {
      expect(
        pairsBelow(tokens, scheme, SIGN_ON, 3),
        'WCAG 1.4.11 and 2.4.13, non-text contrast',
      ).toEqual([]);
    });
  }

  it('are checked as they are on screen: a dark colour made too faint in styles.css is caught', () => {
    const muted = tokens.dark.muted!;
    const faded = stylesheet.replace(
      new RegExp(`(:root\\[data-theme='dark'\\][^}]*--muted:\\s*)${muted}`),
      '$1#4a525c',
    );
    expect(faded, 'the dark block of styles.css sets --muted').not.toBe(stylesheet);
    const below = pairsBelow(themeTokens(faded), 'dark', TEXT_ON, 4.5).map(({ pair }) => pair);
    expect(below).toContain('muted on surface');
    expect(
      pairsBelow(themeTokens(faded), 'light', TEXT_ON, 4.5),
      'the light palette is not touched',
    ).toEqual([]);
  });
});
