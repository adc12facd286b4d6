import type { InvoiceViewModel } from '../domain/documents/view-model';

/**
 * "Invoice INV-2026-000042 for November 2026: €44.84 due 30 Dec 2026";
 * "Credit note CN-2026-000003 for invoice INV-2026-000042: €4.95 credited".
 */
export function invoiceEmailSubject(vm: InvoiceViewModel): string {
  if (vm.kind === 'credit_note') {
    const credited =
      vm.precedingInvoiceNumber === null ? '' : ` for invoice ${vm.precedingInvoiceNumber}`;
    return `Credit note ${vm.number}${credited}: ${vm.headlineAmount} credited`;
  }
  const due = vm.dueDate === null ? '' : ` due ${vm.dueDate}`;
  return `Invoice ${vm.number} for ${vm.periodName}: ${vm.headlineAmount}${due}`;
}
