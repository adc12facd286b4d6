import { z } from 'zod';
import type { ApiKeyRecord } from '../../domain/api-key';
import { toIso } from '../../domain/time';
import { nextCursorSchema } from '../contract/pagination';
import { instantSchema } from './instant';

const expiresAt = instantSchema.optional().meta({
  description: 'When the key stops working (RFC 3339, in the future); absent: it does not expire',
});

export const apiKeyRequestSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('operator'), expiresAt }),
    z.strictObject({ kind: z.literal('customer'), customerId: z.string(), expiresAt }),
    z.strictObject({
      kind: z.literal('project'),
      customerId: z.string(),
      projectId: z.string().meta({
        description:
          "A project of the customer: the key sees only that project's usage, cost and " +
          'section of the invoices; anything else of the customer answers 404',
      }),
      expiresAt,
    }),
  ],
  { error: 'must be "operator", "customer" or "project"' },
);

const instant = z.iso.datetime();

/** A stored key as operators see it: never its secret, nor the secret's hash. */
export const apiKeySummarySchema = z
  .strictObject({
    id: z.string(),
    kind: z.enum(['operator', 'customer']),
    customerId: z
      .string()
      .nullable()
      .meta({ description: 'The one customer a customer key reaches; null for an operator key' }),
    createdAt: instant,
    expiresAt: instant.nullable().meta({ description: 'null: the key does not expire' }),
    revokedAt: instant.nullable().meta({ description: 'null: not revoked' }),
    lastUsedAt: instant
      .nullable()
      .meta({ description: 'The last authenticated request, to within a minute; null: never' }),
  })
  .meta({ id: 'ApiKeySummary' });

export const apiKeyListSchema = z.strictObject({
  apiKeys: z.array(apiKeySummarySchema),
  nextCursor: nextCursorSchema,
});

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : toIso(ms));

export function apiKeySummary(key: ApiKeyRecord): z.infer<typeof apiKeySummarySchema> {
  return {
    id: key.id,
    kind: key.kind,
    customerId: key.customerId,
    createdAt: toIso(key.createdAtMs),
    expiresAt: isoOrNull(key.expiresAtMs),
    revokedAt: isoOrNull(key.revokedAtMs),
    lastUsedAt: isoOrNull(key.lastUsedAtMs),
  };
}

const issuedFields = {
  id: z.string(),
  key: z.string().meta({ description: 'The secret: shown in this answer only' }),
  createdAt: instant,
  expiresAt: instant.nullable().meta({ description: 'null: the key does not expire' }),
};

/** A new key, shown in this one answer only (the database keeps its hash). */
export const apiKeyViewSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ ...issuedFields, kind: z.literal('operator') }),
    z.strictObject({ ...issuedFields, kind: z.literal('customer'), customerId: z.string() }),
    z.strictObject({
      ...issuedFields,
      kind: z.literal('project'),
      customerId: z.string(),
      projectId: z.string(),
    }),
  ])
  .meta({ id: 'ApiKey' });
