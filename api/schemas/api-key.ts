import { z } from 'zod';

export const apiKeyRequestSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('operator') }),
    z.strictObject({ kind: z.literal('customer'), customerId: z.string() }),
  ],
  { error: 'must be "operator" or "customer"' },
);

/** A new key, shown in this one answer only (the database keeps its hash). */
export const apiKeyViewSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ id: z.string(), key: z.string(), kind: z.literal('operator') }),
    z.strictObject({
      id: z.string(),
      key: z.string(),
      kind: z.literal('customer'),
      customerId: z.string(),
    }),
  ])
  .meta({ id: 'ApiKey' });
