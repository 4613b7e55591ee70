import { describe, expect, it } from 'vitest';
import { CSV_DIALECTS, csvDialectLabel, csvDialectOf, formatLabel } from './csvDialect';

describe('csvDialectOf', () => {
  it('reads the saved layout, and standard when none is saved (as Rust does)', () => {
    expect(csvDialectOf({})).toBe('standard');
    expect(csvDialectOf({ csvDialect: 'standard' })).toBe('standard');
    expect(csvDialectOf({ csvDialect: 'excel-semicolon' })).toBe('excel-semicolon');
  });
});

describe('CSV_DIALECTS', () => {
  it('offers every layout Rust knows once, standard first', () => {
    expect(CSV_DIALECTS.map((choice) => choice.value)).toEqual(['standard', 'excel-semicolon']);
    expect(csvDialectLabel('standard')).toBe('Standard (comma)');
    expect(csvDialectLabel('excel-semicolon')).toBe('Excel, semicolon');
  });
});

describe('formatLabel', () => {
  it('names a layout other than the standard one on the CSV item only', () => {
    expect(formatLabel('csv', 'CSV', 'standard')).toBe('CSV');
    expect(formatLabel('csv', 'CSV', 'excel-semicolon')).toBe('CSV (Excel, semicolon)');
    expect(formatLabel('xlsx', 'Excel (XLSX)', 'excel-semicolon')).toBe('Excel (XLSX)');
    expect(formatLabel('json', 'JSON', 'excel-semicolon')).toBe('JSON');
  });
});
