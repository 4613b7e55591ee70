// Generated from crates/billing-core/src/fields.rs by its tests: edit the registry there, not this file.
import type { FieldDef } from './FieldDef';

/** Every invoice field, in export header order. */
export const INVOICE_FIELDS = [
  { name: 'org', label: 'Organization', kind: 'text', sortable: true, inTable: false, shownByDefault: false, xlsxWidth: 20 },
  { name: 'number', label: 'Number', kind: 'text', sortable: true, inTable: true, shownByDefault: true, xlsxWidth: 16 },
  { name: 'id', label: 'Invoice ID', kind: 'text', sortable: true, inTable: true, shownByDefault: false, xlsxWidth: 30 },
  { name: 'status', label: 'Status', kind: 'text', sortable: true, inTable: true, shownByDefault: true, xlsxWidth: 14 },
  { name: 'currency', label: 'Currency', kind: 'currency', sortable: true, inTable: true, shownByDefault: false, xlsxWidth: 10 },
  { name: 'total', label: 'Total', kind: 'money', sortable: true, inTable: true, shownByDefault: true, xlsxWidth: 16 },
  { name: 'amountDue', label: 'Amount due', kind: 'money', sortable: true, inTable: true, shownByDefault: false, xlsxWidth: 16 },
  { name: 'amountPaid', label: 'Paid', kind: 'money', sortable: true, inTable: true, shownByDefault: false, xlsxWidth: 16 },
  { name: 'amountRemaining', label: 'Remaining', kind: 'money', sortable: true, inTable: true, shownByDefault: true, xlsxWidth: 16 },
  { name: 'createdAt', label: 'Created', kind: 'date', sortable: true, inTable: true, shownByDefault: true, xlsxWidth: 20 },
  { name: 'dueAt', label: 'Due', kind: 'date', sortable: true, inTable: true, shownByDefault: true, xlsxWidth: 20 },
  { name: 'periodStart', label: 'Period start', kind: 'date', sortable: true, inTable: true, shownByDefault: false, xlsxWidth: 20 },
  { name: 'periodEnd', label: 'Period end', kind: 'date', sortable: true, inTable: true, shownByDefault: false, xlsxWidth: 20 },
  { name: 'hostedInvoiceUrl', label: 'Hosted page', kind: 'link', sortable: false, inTable: false, shownByDefault: false, xlsxWidth: 45 },
  { name: 'invoicePdf', label: 'PDF link', kind: 'link', sortable: false, inTable: false, shownByDefault: false, xlsxWidth: 45 },
  { name: 'overdue', label: 'Overdue', kind: 'flag', sortable: false, inTable: false, shownByDefault: false, xlsxWidth: 10 },
  { name: 'daysOverdue', label: 'Days overdue', kind: 'integer', sortable: true, inTable: true, shownByDefault: false, xlsxWidth: 13 },
  { name: 'agingBucket', label: 'Aging', kind: 'bucket', sortable: false, inTable: false, shownByDefault: false, xlsxWidth: 13 },
] as const satisfies readonly FieldDef[];
