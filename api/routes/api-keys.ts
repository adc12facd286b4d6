import { z } from 'zod';
import { issueApiKey } from '../../services/issue-api-key';
import { listApiKeysPage, type ListedApiKey } from '../../services/list-api-keys';
import { revokeApiKey } from '../../services/revoke-api-key';
import {
  nextCursorSchema,
  PAGINATED,
  pageQuery,
  pageRequestOf,
  pageRules,
} from '../contract/pagination';
import { defineRoute, json, type Reply } from '../contract/route';
import { instantMs } from '../schemas/instant';
import {
  apiKeyRequestSchema,
  apiKeySummary,
  apiKeySummarySchema,
  apiKeyViewSchema,
} from '../schemas/api-key';

/**
 * A stored key as the list shows it: a customer key confined to one project (issued with
 * kind "project") is kind "project" with its projectId, as its creation answered; the other
 * keys have no projectId.
 */
const listedApiKeySchema = z
  .strictObject({
    ...apiKeySummarySchema.shape,
    kind: z.enum(['operator', 'customer', 'project']),
    projectId: z.string().optional().meta({
      description: 'On project keys only: the one project of its customer the key reaches',
    }),
  })
  .meta({ id: 'ApiKeyListed' });

const listedApiKeysSchema = z.strictObject({
  apiKeys: z.array(listedApiKeySchema),
  nextCursor: nextCursorSchema,
});

const listedApiKey = (key: ListedApiKey): z.infer<typeof listedApiKeySchema> => ({
  ...apiKeySummary(key),
  ...(key.projectId === null ? {} : { kind: 'project', projectId: key.projectId }),
});

/**
 * Operators issue, list and revoke keys. A new key is in its creation's answer only (sent
 * with `Cache-Control: no-store`) and stored only as its hash; lists never show it.
 */
export const apiKeyRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/api-keys',
    tag: 'API keys',
    summary: 'Issue an operator key, a key for one customer or for one of its projects',
    description:
      'The answer holds the key, once, and is sent with `Cache-Control: no-store`. After ' +
      '`expiresAt` the key answers 401.',
    access: 'operator',
    body: apiKeyRequestSchema,
    invalidMessage: 'the API key request is invalid',
    statedRules: [{ field: 'expiresAt', rule: "in the future of the server's clock" }],
    responses: { 201: { description: 'The key, shown once', schema: apiKeyViewSchema } },
    errors: [404],
    handle: async ({ body, principal }, deps): Promise<Reply> => {
      const issued = await issueApiKey({ db: deps.database.db, now: deps.now }, principal, {
        ...(body.kind === 'operator'
          ? { kind: 'operator' }
          : body.kind === 'customer'
            ? { kind: 'customer', customerId: body.customerId }
            : { kind: 'project', customerId: body.customerId, projectId: body.projectId }),
        ...(body.expiresAt === undefined ? {} : { expiresAtMs: instantMs(body.expiresAt) }),
      });
      const summary = apiKeySummary(issued.record);
      return {
        ...json(201, {
          id: issued.record.id,
          key: issued.key,
          createdAt: summary.createdAt,
          expiresAt: summary.expiresAt,
          ...issued.principal,
          // A customer principal confined to a project is issued as kind "project".
          ...('projectId' in issued.principal ? { kind: 'project' } : {}),
        }),
        headers: { 'cache-control': 'no-store' },
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/api-keys',
    tag: 'API keys',
    summary: 'The stored keys, oldest first: scope, creation, last use, expiry, revocation',
    description: `Never the secret nor its hash. ${PAGINATED}`,
    access: 'operator',
    query: pageQuery,
    statedRules: pageRules,
    responses: { 200: { description: 'The keys', schema: listedApiKeysSchema } },
    handle: async ({ query }, deps) => {
      const { items, nextCursor } = await listApiKeysPage(deps.database.db, pageRequestOf(query));
      return json(200, { apiKeys: items.map(listedApiKey), nextCursor });
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/api-keys/{id}',
    tag: 'API keys',
    summary: 'Revoke a key: it answers 401 from the next request on (idempotent)',
    description:
      'Answers the revoked key; revoking it again answers the same (the first revocation ' +
      'instant). The bootstrap key (BILLING_API_KEY) is not stored and cannot be revoked here.',
    access: 'operator',
    params: z.object({ id: z.string() }),
    responses: { 200: { description: 'The revoked key', schema: apiKeySummarySchema } },
    errors: [404],
    handle: async ({ params }, deps) =>
      json(
        200,
        apiKeySummary(await revokeApiKey({ db: deps.database.db, now: deps.now }, params.id)),
      ),
  }),
];
