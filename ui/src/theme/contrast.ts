/**
 * WCAG 2 contrast over the colour tokens of styles.css: the ratio of two colours, and the
 * tokens of each theme read from the stylesheet's text (the light `:root` block and the one
 * inside `prefers-color-scheme: dark`). The unit test holds every pair the UI draws to it.
 */

export type Theme = 'light' | 'dark';

/** `--name` (without the dashes) to `#rrggbb`, per theme; dark inherits what it does not set. */
export type ThemeTokens = Record<Theme, Readonly<Record<string, string>>>;

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
  for (const match of block.matchAll(/--([\w-]+)\s*:\s*(#[0-9a-f]{3,6})\s*;/gi)) tokens[match[1]!] = match[2]!;
  return tokens;
}

/** The colour tokens of both themes in a stylesheet's text. */
export function themeTokens(css: string): ThemeTokens {
  const light = /(?:^|\n):root\s*\{([^}]*)\}/.exec(css)?.[1];
  const dark = /@media\s*\(prefers-color-scheme:\s*dark\)\s*\{\s*:root\s*\{([^}]*)\}/.exec(css)?.[1];
  if (light === undefined || dark === undefined) throw new Error('the stylesheet has no light or no dark :root block');
  const lightTokens = hexTokens(light);
  return { light: lightTokens, dark: { ...lightTokens, ...hexTokens(dark) } };
}
