import { Decimal } from '../decimal';
import { BillingError } from '../errors';
import type { CreditNoteLine } from './credit-notes';

/** A credit note request: its id is the idempotency key. */
export interface CreditNoteRequest {
  id: string;
  reason: string;
  /** Omitted: a full credit note of everything not yet credited. */
  lines?: CreditNoteLine[];
}

export type CreditNoteReplay<N> = { kind: 'create' } | { kind: 'replay'; note: N };

/**
 * A credit note id used again. Ids are global: `existing` is the note stored under the
 * request's id on any invoice (null: none). On this invoice, the same reason (and the same
 * lines, when the request names lines) returns the note it created; anything else under that
 * id, or the id on another invoice, is credit_note_exists. A request without lines matches
 * the stored note whatever it credited (it was "the rest").
 *
 * Example: cn-1 stored on inv-1 as { reason "Outage", lines [l1 5.00] }; on inv-1:
 * { cn-1, "Outage" } -> replay; { cn-1, "Outage", [l1 5.00] } -> replay;
 * { cn-1, "Other" } -> credit_note_exists; { cn-2, ... } -> create. On inv-2:
 * { cn-1, "Outage" } -> credit_note_exists.
 */
export function decideCreditNoteReplay<
  N extends { id: string; invoiceId: string; reason: string; lines: readonly CreditNoteLine[] },
>(existing: N | null, invoiceId: string, request: CreditNoteRequest): CreditNoteReplay<N> {
  if (!existing) return { kind: 'create' };
  if (existing.invoiceId !== invoiceId) throw creditNoteExists(request.id, 'another invoice');
  const matches =
    existing.reason === request.reason &&
    (request.lines === undefined || sameLines(existing.lines, request.lines));
  if (!matches) throw creditNoteExists(request.id, 'another credit note');
  return { kind: 'replay', note: existing };
}

/**
 * The same lines in the same order, amounts compared as numbers: "5" asks for what was
 * stored as "5.00" (whatever order of keys the stored JSON came back in).
 */
function sameLines(
  stored: readonly CreditNoteLine[],
  requested: readonly CreditNoteLine[],
): boolean {
  return (
    stored.length === requested.length &&
    stored.every((line, index) => {
      const other = requested[index];
      return (
        other !== undefined && line.lineId === other.lineId && sameAmount(line.amount, other.amount)
      );
    })
  );
}

function sameAmount(a: string, b: string): boolean {
  try {
    return new Decimal(a).eq(b);
  } catch {
    return false;
  }
}

/** The conflict of a credit note id already used, naming the field. */
export function creditNoteExists(id: string, usedFor: string): BillingError {
  return new BillingError('credit_note_exists', `credit note ${id} exists`, {
    details: [{ field: 'id', message: `already used for ${usedFor}` }],
  });
}
