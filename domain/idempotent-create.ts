/**
 * What a create with a caller-chosen id does when that id exists: a retry with the same
 * fields is answered like the first call (`replay`), other fields are a conflict, and a new
 * id is created. Records are compared as their JSON, so both sides must be built the same way.
 */
export type CreateDecision = 'create' | 'replay' | 'conflict';

export function decideCreate<T>(existing: T | null, requested: T): CreateDecision {
  if (existing === null) return 'create';
  return JSON.stringify(existing) === JSON.stringify(requested) ? 'replay' : 'conflict';
}
