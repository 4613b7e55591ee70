/**
 * Reads the cells of an XLSX workbook the way a spreadsheet would: the sheet named in
 * `xl/workbook.xml`, its rows and cells, shared and inline strings, numbers and booleans.
 * Formulas are reported, not evaluated: the exports must not contain any.
 */
import { unzip } from './zip';

/** A cell's value: text, a number, a boolean, or null for an empty cell. */
export type CellValue = string | number | boolean | null;

export interface Sheet {
  /** Rows in order, each as wide as its last written cell (gaps are null). */
  rows: CellValue[][];
  /** Cells holding a formula (`<f>`) or a formula's cached text (`t="str"`), by reference. */
  formulaCells: string[];
}

export interface Workbook {
  /** Sheet names in workbook order. */
  sheetNames: string[];
  sheet(name: string): Sheet;
  /** Every worksheet part's XML (for checks across all sheets). */
  worksheetXml: Map<string, string>;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return ENTITIES[name] ?? whole;
  });
}

/** The text of every `<t>` inside `xml` (rich text runs are joined). */
function textOf(xml: string): string {
  return [...xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => decodeXml(m[1] ?? '')).join('');
}

function attribute(attributes: string, name: string): string | undefined {
  return new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attributes)?.[1];
}

/** "AB12" → 27 (zero-based column index). */
function columnIndex(reference: string): number {
  const letters = /^[A-Z]+/.exec(reference)?.[0] ?? '';
  let index = 0;
  for (const letter of letters) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1;
}

export function readXlsx(bytes: Buffer): Workbook {
  const entries = unzip(bytes);
  const part = (name: string): string => {
    const found = entries.get(name);
    if (!found) throw new Error(`xlsx: no ${name} in the workbook`);
    return found.toString('utf8');
  };
  const shared = entries.has('xl/sharedStrings.xml')
    ? [...part('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => textOf(m[1] ?? ''))
    : [];
  const targets = new Map<string, string>();
  for (const m of part('xl/_rels/workbook.xml.rels').matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    const id = attribute(m[1] ?? '', 'Id');
    const target = attribute(m[1] ?? '', 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const sheets = [...part('xl/workbook.xml').matchAll(/<sheet\b([^>]*)\/?>/g)].map((m) => ({
    name: decodeXml(attribute(m[1] ?? '', 'name') ?? ''),
    path: targets.get(attribute(m[1] ?? '', 'r:id') ?? '') ?? '',
  }));
  const worksheetXml = new Map<string, string>();
  for (const [name, content] of entries) {
    if (name.startsWith('xl/worksheets/') && name.endsWith('.xml')) worksheetXml.set(name, content.toString('utf8'));
  }
  return {
    sheetNames: sheets.map((s) => s.name),
    worksheetXml,
    sheet(name) {
      const found = sheets.find((s) => s.name === name);
      if (!found) throw new Error(`xlsx: no sheet named ${name} (sheets: ${sheets.map((s) => s.name).join(', ')})`);
      return parseSheet(part(found.path), shared);
    },
  };
}

function parseSheet(xml: string, shared: string[]): Sheet {
  const rows: CellValue[][] = [];
  const formulaCells: string[] = [];
  for (const rowMatch of xml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const rowNumber = Number(attribute(rowMatch[1] ?? '', 'r') ?? rows.length + 1);
    const row: CellValue[] = [];
    for (const cell of (rowMatch[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attributes = cell[1] ?? '';
      const inner = cell[2] ?? '';
      const reference = attribute(attributes, 'r') ?? '';
      const type = attribute(attributes, 't');
      if (/<f[\s>/]/.test(inner) || type === 'str') formulaCells.push(reference);
      const raw = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
      let value: CellValue = null;
      if (type === 's') value = shared[Number(raw)] ?? null;
      else if (type === 'inlineStr') value = textOf(inner);
      else if (type === 'b') value = raw === '1';
      else if (type === 'str' || type === 'e') value = raw === undefined ? null : decodeXml(raw);
      else if (raw !== undefined) value = Number(raw);
      row[columnIndex(reference)] = value;
    }
    rows[rowNumber - 1] = Array.from(row, (v) => v ?? null);
  }
  return { rows: Array.from(rows, (r) => r ?? []), formulaCells };
}
