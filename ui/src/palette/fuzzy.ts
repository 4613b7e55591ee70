/**
 * Fuzzy matching for the command palette. A query matches a text when its characters appear
 * in the text in order (a subsequence), ignoring case, accents and the query's spaces. Among
 * the ways to match, the best scoring one is kept: characters at the start of a word and runs
 * of adjacent characters score more and each gap between matched characters costs, so "ae" ranks
 * "ACME Europe" above "Paid invoices" and "tok" finds "Tokyo KK" as "Tok", not "To…K". The
 * query is compared character by character, never read as a pattern, so user text with
 * regular-expression characters is matched as typed.
 */

/** One text's match: its score (higher is better) and the UTF-16 indexes of the matched characters, ascending. */
export type Match = { score: number; positions: number[] };

export type Ranked<T> = { item: T; match: Match };

/** Every matched character. */
const CHARACTER = 1;
/** A matched character that starts a word (see `wordStarts`). */
const WORD_START = 8;
/** A matched character right after the previous matched one. */
const RUN = 6;
/**
 * Characters skipped between two matched ones, however many: a match in fewer pieces wins,
 * while a far word start still beats a near letter inside a word.
 */
const GAP = 3;

/** One UTF-16 unit as compared: lower case, without its accent. Surrogates stay as they are. */
function fold(unit: string): string {
  const code = unit.charCodeAt(0);
  if (code >= 0xd800 && code <= 0xdfff) return unit;
  const lower = unit.toLowerCase();
  const base = (lower.length === 1 ? lower : unit).normalize('NFD').charAt(0);
  return base === '' ? unit : base;
}

function foldAll(text: string): string[] {
  const units: string[] = [];
  for (let index = 0; index < text.length; index++) units.push(fold(text.charAt(index)));
  return units;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const LOWER = /\p{Ll}/u;
const UPPER = /\p{Lu}/u;

/** Which characters start a word: the first, any after a non-alphanumeric one, and camelCase humps. */
function wordStarts(text: string): boolean[] {
  const starts: boolean[] = [];
  for (let index = 0; index < text.length; index++) {
    const previous = text.charAt(index - 1);
    const current = text.charAt(index);
    starts.push(
      index === 0 ||
        !LETTER_OR_DIGIT.test(previous) ||
        (LOWER.test(previous) && UPPER.test(current)),
    );
  }
  return starts;
}

/** Whether `query` (folded) is a subsequence of `text` (folded): a cheap test before scoring. */
function isSubsequence(query: readonly string[], text: readonly string[]): boolean {
  let at = 0;
  for (const unit of text) {
    if (unit === query[at]) at++;
    if (at === query.length) return true;
  }
  return at === query.length;
}

/** The best match of `query` in `text`, or `null` when it does not match. An empty query matches everything with score 0. */
export function fuzzyMatch(query: string, text: string): Match | null {
  const wanted = foldAll(query.replace(/\s+/g, ''));
  if (wanted.length === 0) return { score: 0, positions: [] };
  const units = foldAll(text);
  if (!isSubsequence(wanted, units)) return null;

  const starts = wordStarts(text);
  const width = units.length;
  // best[i * width + j]: the best score of matching wanted[0..=i] with wanted[i] at units[j];
  // from[...]: where wanted[i - 1] then is.
  const best = new Float64Array(wanted.length * width).fill(-Infinity);
  const from = new Int32Array(wanted.length * width).fill(-1);
  for (let i = 0; i < wanted.length; i++) {
    // The previous row's best match at k <= j - 2 (a gap before j), and where it is.
    let gapBest = -Infinity;
    let gapAt = -1;
    for (let j = 0; j < width; j++) {
      if (i > 0 && j >= 2) {
        const candidate = best[(i - 1) * width + j - 2] ?? -Infinity;
        if (candidate > gapBest) {
          gapBest = candidate;
          gapAt = j - 2;
        }
      }
      if (units[j] !== wanted[i]) continue;
      const gain = CHARACTER + (starts[j] ? WORD_START : 0);
      if (i === 0) {
        best[j] = gain;
        continue;
      }
      const adjacent = j >= 1 ? (best[(i - 1) * width + j - 1] ?? -Infinity) + RUN : -Infinity;
      const gapped = gapBest - GAP;
      const previous = Math.max(adjacent, gapped);
      if (previous === -Infinity) continue;
      best[i * width + j] = previous + gain;
      from[i * width + j] = adjacent >= gapped ? j - 1 : gapAt;
    }
  }

  const last = wanted.length - 1;
  let end = -1;
  for (let j = 0; j < width; j++) {
    const score = best[last * width + j] ?? -Infinity;
    if (score > -Infinity && (end === -1 || score > (best[last * width + end] ?? -Infinity)))
      end = j;
  }
  if (end === -1) return null;
  const positions: number[] = [];
  for (let i = last, j = end; i >= 0 && j >= 0; j = from[i * width + j] ?? -1, i--)
    positions.push(j);
  return { score: best[last * width + end] ?? 0, positions: positions.reverse() };
}

/** The items that match `query`, best first; items with equal scores keep their order in `items`. */
export function rank<T>(
  items: readonly T[],
  query: string,
  text: (item: T) => string,
): Ranked<T>[] {
  const ranked: Ranked<T>[] = [];
  for (const item of items) {
    const match = fuzzyMatch(query, text(item));
    if (match) ranked.push({ item, match });
  }
  // Array.prototype.sort is stable: ties stay in list order.
  return ranked.sort((a, b) => b.match.score - a.match.score);
}

/** `text` cut into runs of matched and unmatched characters, for highlighting the matched ones. */
export function segments(
  text: string,
  positions: readonly number[],
): { text: string; matched: boolean }[] {
  const hit = new Set(positions);
  const parts: { text: string; matched: boolean }[] = [];
  for (let index = 0; index < text.length; index++) {
    const matched = hit.has(index);
    const last = parts[parts.length - 1];
    if (last && last.matched === matched) last.text += text.charAt(index);
    else parts.push({ text: text.charAt(index), matched });
  }
  return parts;
}
