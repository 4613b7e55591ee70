/**
 * WCAG 2 contrast over the colour tokens of styles.css: the ratio of two colours, the tokens
 * of each palette read from the stylesheet's text (the light `:root` block and the
 * `:root[data-theme='dark']` one), and the pairs of a palette that fall short of a ratio. The
 * unit test holds every pair the UI draws to it.
 */
import type { Scheme } from './scheme';

/** `--name` (without the dashes) to `#rrggbb`, per palette; dark inherits what it does not set. */
export type ThemeTokens = Record<Scheme, Readonly<Record<string, string>>>;

/** Red, green and blue of `#rgb` or `#rrggbb`, 0 to 255. */
export function parseHex(color: string): [number, number, number] {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim())?.[1];
  if (!hex) throw new Error(`not a hex colour: ${color}`);
  const full = hex.length === 3 ? [...hex].map((digit) => digit + digit).join('') : hex;
  const channel = (at: number) => parseInt(full.slice(at, at + 2), 16);
  return [channel(0), channel(2), channel(4)];
}

/** A channel (0 to 255) as linear light, per the sRGB curve WCAG uses. */
function linear(channel: number): number {
  const value = channel / 255;
  return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}

/** WCAG 2 relative luminance of a hex colour. */
export function relativeLuminance(color: string): number {
  const [r, g, b] = parseHex(color);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG 2 contrast ratio of two hex colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [x, y] = [relativeLuminance(a), relativeLuminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/** The hex custom properties declared in `block`. */
function hexTokens(block: string): Record<string, string> {
  const tokens: Record<string, string> = {};
  for (const match of block.matchAll(/--([\w-]+)\s*:\s*(#[0-9a-f]{3,6})\s*;/gi))
    tokens[match[1]!] = match[2]!;
  return tokens;
}

/** The body of each block of `css` whose selector `selector` matches, in order. */
function blocks(css: string, selector: RegExp): string[] {
  const pattern = new RegExp(`(?:^|\\n)${selector.source}\\s*\\{(?<body>[^}]*)\\}`, 'g');
  return [...css.matchAll(pattern)].map((match) => match.groups!.body!);
}

/**
 * The colour tokens of both palettes in a stylesheet's text. Each palette is one block, and
 * no `prefers-color-scheme` query is left: the OS setting reaches the page only through
 * `data-theme` (see useTheme.ts), so a chosen theme wins over it.
 */
export function themeTokens(stylesheet: string): ThemeTokens {
  const css = stylesheet.replace(/\/\*[\s\S]*?\*\//g, '');
  if (/@media[^{]*prefers-color-scheme/.test(css)) {
    throw new Error(
      'the stylesheet has a prefers-color-scheme query: it would let the OS override the chosen theme (key it off data-theme)',
    );
  }
  const light = blocks(css, /:root/);
  const dark = blocks(css, /:root\[data-theme=(['"]?)dark\1\]/);
  if (light.length !== 1 || dark.length !== 1) {
    throw new Error(
      `the stylesheet needs one light :root block and one :root[data-theme='dark'] block, not ${light.length} and ${dark.length}`,
    );
  }
  const lightTokens = hexTokens(light[0]!);
  return { light: lightTokens, dark: { ...lightTokens, ...hexTokens(dark[0]!) } };
}

/** One foreground token on one background token, and their contrast ratio (two decimals). */
export type Pair = { pair: string; ratio: number };

/**
 * The pairs of `scheme` under `minimum`: each foreground token of `pairs` against each of its
 * background tokens. A token missing from the palette is an error, not a pass.
 */
export function pairsBelow(
  tokens: ThemeTokens,
  scheme: Scheme,
  pairs: Readonly<Record<string, readonly string[]>>,
  minimum: number,
): Pair[] {
  const colour = (name: string) => {
    const value = tokens[scheme][name];
    if (!value) throw new Error(`--${name} is not a colour token of the ${scheme} palette`);
    return value;
  };
  return Object.entries(pairs).flatMap(([foreground, backgrounds]) =>
    backgrounds
      .map((background) => ({
        pair: `${foreground} on ${background}`,
        ratio: Math.round(contrastRatio(colour(foreground), colour(background)) * 100) / 100,
      }))
      .filter(({ ratio }) => ratio < minimum),
  );
}
