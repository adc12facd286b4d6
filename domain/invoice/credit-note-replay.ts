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
 * A credit note id used again: the same reason (and the same lines, when the request names
 * lines) returns the note it created; anything else under that id is credit_note_exists.
 * A request without lines matches the stored note whatever it credited (it was "the rest").
 *
 * Example: cn-1 stored as { reason "Outage", lines [l1 5.00] }; { cn-1, "Outage" } -> replay;
 * { cn-1, "Outage", [l1 5.00] } -> replay; { cn-1, "Other" } -> credit_note_exists;
 * { cn-2, ... } -> create.
 */
export function decideCreditNoteReplay<N extends { id: string; reason: string; lines: unknown }>(
  previous: readonly N[],
  request: CreditNoteRequest,
): CreditNoteReplay<N> {
  const same = previous.find((note) => note.id === request.id);
  if (!same) return { kind: 'create' };
  const matches =
    same.reason === request.reason &&
    (request.lines === undefined || JSON.stringify(same.lines) === JSON.stringify(request.lines));
  if (!matches) {
    throw new BillingError('credit_note_exists', `credit note ${request.id} exists`, {
      details: [{ field: 'id', message: 'already used for another credit note' }],
    });
  }
  return { kind: 'replay', note: same };
}
