/**
 * The export formats as the UI names them, in the order it offers them: the export menu's
 * items and the command palette's export commands both read this list.
 */
import type { ExportFormat } from '../types';

export const EXPORT_FORMATS: readonly { format: ExportFormat; label: string }[] = [
  { format: 'csv', label: 'CSV' },
  { format: 'xlsx', label: 'Excel (XLSX)' },
  { format: 'json', label: 'JSON' },
];
