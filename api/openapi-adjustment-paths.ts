import { decimal, errorResponse, idParam } from './openapi-fragments';

const ok = (description: string) => ({ description });
const body = (schema: Record<string, unknown>) => ({
  required: true,
  content: { 'application/json': { schema } },
});
const id = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$' };

/** Paths of coupons, credits and credit notes: what adjusts an invoice's amount. */
export const adjustmentPaths = {
  '/v1/coupons': {
    post: {
      summary: 'Create a coupon (idempotent: the same body again answers 200, another 409)',
      requestBody: body({
        type: 'object',
        required: ['id', 'kind', 'duration'],
        properties: {
          id,
          kind: { enum: ['percentage', 'fixed_amount'] },
          percentage: { ...decimal, description: 'kind percentage: above 0, at most 100' },
          amount: { ...decimal, description: 'kind fixed_amount, in currency minor units' },
          currency: { type: 'string', description: 'kind fixed_amount: ISO 4217' },
          duration: { enum: ['once', 'repeating', 'forever'] },
          durationPeriods: { type: 'integer', minimum: 1, description: 'duration repeating' },
        },
      }),
      responses: {
        '200': ok('Exists'),
        '201': ok('Created'),
        '400': errorResponse,
        '409': errorResponse,
      },
    },
    get: { summary: 'All coupons', responses: { '200': ok('The coupons') } },
  },
  '/v1/coupons/{id}': {
    get: {
      summary: 'One coupon',
      parameters: [idParam],
      responses: { '200': ok('The coupon'), '404': errorResponse },
    },
  },
  '/v1/customers/{id}/coupons': {
    post: {
      summary: "Apply a coupon from the customer's next invoice on (idempotent)",
      parameters: [idParam],
      requestBody: body({ type: 'object', required: ['couponId'], properties: { couponId: id } }),
      responses: {
        '200': ok('Already applied'),
        '201': ok('Applied'),
        '400': errorResponse,
        '404': errorResponse,
      },
    },
    get: {
      summary: "The customer's coupons and the periods each has discounted",
      parameters: [idParam],
      responses: { '200': ok('The coupons'), '404': errorResponse },
    },
  },
  '/v1/customers/{id}/credit-grants': {
    post: {
      summary: 'Grant prepaid credit in the customer currency (idempotent by id)',
      parameters: [idParam],
      requestBody: body({
        type: 'object',
        required: ['id', 'amount'],
        properties: { id, amount: decimal, description: { type: 'string', maxLength: 256 } },
      }),
      responses: {
        '200': ok('Exists'),
        '201': ok('Granted'),
        '400': errorResponse,
        '404': errorResponse,
        '409': errorResponse,
      },
    },
  },
  '/v1/customers/{id}/credits': {
    get: {
      summary: 'Credit balance and ledger (grants and consumptions)',
      parameters: [idParam],
      responses: { '200': ok('Balance and entries'), '404': errorResponse },
    },
  },
  '/v1/invoices/{id}/credit-notes': {
    post: {
      summary: 'Issue a credit note (full without lines, partial with lines); idempotent by id',
      parameters: [idParam],
      requestBody: body({
        type: 'object',
        required: ['id', 'reason'],
        properties: {
          id,
          reason: { type: 'string', minLength: 1, maxLength: 512 },
          lines: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['lineId', 'amount'],
              properties: { lineId: { type: 'string' }, amount: decimal },
            },
          },
        },
      }),
      responses: {
        '200': ok('Exists'),
        '201': ok('Issued'),
        '400': errorResponse,
        '404': errorResponse,
        '409': errorResponse,
      },
    },
    get: {
      summary: "The invoice's credit notes",
      parameters: [idParam],
      responses: { '200': ok('The credit notes'), '404': errorResponse },
    },
  },
  '/v1/credit-notes/{id}': {
    get: {
      summary: 'One credit note',
      parameters: [idParam],
      responses: { '200': ok('The credit note'), '404': errorResponse },
    },
  },
};
