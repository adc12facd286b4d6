import { z } from 'zod';
import { projectIdParam } from './ids';
import { MAX_LINK_TTL_SECONDS } from '../../services/portal-links';
import { PORTAL_PATH_PATTERN } from '../../domain/portal/session-token';
import { toIso } from '../../domain/time';
import type { PortalMe } from '../../services/portal-me';
import type { OperatorCustomer } from '../../services/operator-customers';
import { nextCursorSchema } from '../contract/pagination';
import { text } from './text';

const instant = z.iso.datetime();
const decimal = z.string().meta({ description: 'A decimal string, e.g. "12.50"' });

export const portalLinkRequestSchema = z.strictObject({
  ttlSeconds: z
    .number()
    .int()
    .min(60)
    .max(MAX_LINK_TTL_SECONDS)
    .optional()
    .meta({
      description: `How long the link may be opened, in seconds (60 to ${MAX_LINK_TTL_SECONDS}); default PORTAL_SESSION_TTL_SECONDS (1 h)`,
    }),
  next: z
    .string()
    .max(512)
    .regex(PORTAL_PATH_PATTERN, 'must be a path under /portal/')
    .optional()
    .meta({ description: 'Where the portal opens, e.g. /portal/invoices/<id>; default /portal/' }),
  projectId: projectIdParam.optional().meta({
    description:
      'Scopes the session to this project of the customer: it sees what a key of that ' +
      'project sees (its usage, its cost, its section of the invoices). 404 project_not_found ' +
      'when the customer has no such project',
  }),
});

export const portalLinkSchema = z.strictObject({
  url: z.url().meta({ description: 'Opens the portal as this customer: send it to them' }),
  expiresAt: instant.meta({
    description: 'After this instant the link answers 401 session_expired',
  }),
});

export const principalSchema = z.object({
  kind: z.enum(['operator', 'customer']),
  customerId: z.string().optional(),
  projectId: z.string().optional(),
});

export const portalMeSchema = z.strictObject({
  principal: principalSchema,
  customer: z
    .strictObject({
      id: z.string(),
      name: z.string(),
      currency: z.string(),
      locale: z.string(),
      timeZone: z.string(),
    })
    .nullable()
    .meta({ description: "The customer's display settings; null for an operator" }),
  expiresAt: instant
    .nullable()
    .meta({ description: 'When the session ends; null when called with an API key' }),
  temporalUiUrl: z
    .string()
    .nullable()
    .meta({ description: 'The Temporal Web UI (operators only); null when unknown' }),
});

export const portalMeView = (me: PortalMe): z.input<typeof portalMeSchema> => ({
  principal: me.principal,
  customer: me.customer,
  expiresAt: me.expiresAtMs === null ? null : toIso(me.expiresAtMs),
  temporalUiUrl: me.temporalUiUrl,
});

export const operatorCustomersQuery = z.object({
  search: text(200, { allowEmpty: true })
    .optional()
    .meta({ description: 'Part of the name or email (any case), or the start of the id' }),
});

const operatorCustomerSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  currency: z.string(),
  status: z.enum(['active', 'no_subscription']),
  accrued: decimal
    .nullable()
    .meta({ description: "The current period's cost so far; null when live usage did not answer" }),
  openAmount: decimal.meta({ description: 'What open and partially paid invoices still ask' }),
  portalUrl: z
    .string()
    .meta({ description: "The portal's view of this customer (an operator session)" }),
  workflowUrl: z
    .string()
    .nullable()
    .meta({ description: 'Its billing-cycle workflow in the Temporal Web UI' }),
});

export const operatorCustomerListSchema = z.strictObject({
  data: z.array(operatorCustomerSchema),
  nextCursor: nextCursorSchema,
});

export const operatorCustomerView = (
  customer: OperatorCustomer,
): z.input<typeof operatorCustomerSchema> => customer;
