import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contrastRatio, parseHex, themeTokens, type Theme } from './contrast';

const tokens = themeTokens(readFileSync(new URL('../styles.css', import.meta.url), 'utf8'));
const THEMES: readonly Theme[] = ['light', 'dark'];

/**
 * Every text colour token and each background styles.css draws it on. A new text token, or a
 * text token put on a new background, belongs here: the check below fails for a token that
 * has no entry.
 */
const TEXT_ON: Readonly<Record<string, readonly string[]>> = {
  // Body text everywhere: page, panels, table header, overdue rows, status chips, badges.
  text: ['bg', 'surface', 'surface-2', 'overdue-bg', 'chip-draft', 'chip-open', 'chip-paid', 'chip-void', 'chip-uncollectible'],
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

describe('the colour tokens of styles.css', () => {
  it('are read for both themes, dark overriding light', () => {
    expect(tokens.light['text'], 'the light :root block was found').toMatch(/^#/);
    expect(tokens.dark['text'], 'the dark block sets its own text colour').not.toBe(tokens.light['text']);
  });

  it('name an entry in TEXT_ON for every text token, so none goes unchecked', () => {
    const textTokens = Object.keys(tokens.light).filter((name) => name === 'text' || name === 'muted' || name.endsWith('-text'));
    expect(textTokens.length, 'the stylesheet still has its text tokens').toBeGreaterThan(5);
    expect(textTokens.filter((name) => !(name in TEXT_ON))).toEqual([]);
  });

  for (const theme of THEMES) {
    it(`give every text at least 4.5:1 on each background it is drawn on (${theme})`, () => {
      const failing = Object.entries(TEXT_ON).flatMap(([text, backgrounds]) =>
        backgrounds.map((background) => ({ pair: `${text} on ${background}`, ratio: ratio(theme, text, background) })).filter(({ ratio }) => ratio < 4.5),
      );
      expect(failing, 'WCAG 1.4.3, AA for normal text').toEqual([]);
    });

    it(`give the focus outline and the overdue edge at least 3:1 against what is around them (${theme})`, () => {
      const failing = Object.entries(SIGN_ON).flatMap(([sign, backgrounds]) =>
        backgrounds.map((background) => ({ pair: `${sign} on ${background}`, ratio: ratio(theme, sign, background) })).filter(({ ratio }) => ratio < 3),
      );
      expect(failing, 'WCAG 1.4.11 and 2.4.13, non-text contrast').toEqual([]);
    });
  }
});

function ratio(theme: Theme, foreground: string, background: string): number {
  const fg = tokens[theme][foreground];
  const bg = tokens[theme][background];
  if (!fg || !bg) throw new Error(`--${fg ? background : foreground} is not a colour token of the ${theme} theme`);
  return Math.round(contrastRatio(fg, bg) * 100) / 100;
}
