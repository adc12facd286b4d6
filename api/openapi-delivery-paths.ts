import { errorResponse, idParam } from './openapi-fragments';

const ok = (description: string) => ({ description });
const file = (type: string, description: string) => ({
  description,
  content: { [type]: { schema: { type: 'string', format: 'binary' } } },
});
const documentPaths = (base: string, what: string) =>
  Object.fromEntries(
    (
      [
        ['pdf', 'application/pdf', 'The PDF as rendered and emailed at finalization'],
        ['html', 'text/html', 'The HTML the PDF was printed from'],
        ['ubl', 'application/xml', 'The UBL 2.1 e-invoice (EN 16931, Peppol BIS Billing 3.0)'],
      ] as const
    ).map(([format, type, description]) => [
      `${base}/${format}`,
      {
        get: {
          summary: `${what}: ${description}`,
          parameters: [idParam],
          responses: {
            '200': file(type, description),
            '404': { ...errorResponse, description: 'Unknown, not yours, or not rendered yet' },
          },
        },
      },
    ]),
  );
const range = [
  { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date-time' } },
  { name: 'to', in: 'query', required: true, schema: { type: 'string', format: 'date-time' } },
];

/** Paths of documents, webhook endpoints and accounting exports. */
export const deliveryPaths = {
  ...documentPaths('/v1/invoices/{id}', 'Invoice'),
  ...documentPaths('/v1/credit-notes/{id}', 'Credit note'),
  '/v1/webhook-endpoints': {
    post: {
      summary: 'Register a webhook endpoint; the signing secret is returned by this call only',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['id', 'url'],
              properties: {
                id: { type: 'string' },
                url: { type: 'string', format: 'uri' },
                secret: {
                  type: 'string',
                  description: 'whsec_<base64>; omitted: generated and returned once',
                },
                eventTypes: {
                  type: 'array',
                  description: 'Omitted or empty: all',
                  items: {
                    enum: [
                      'invoice.finalized',
                      'invoice.paid',
                      'invoice.voided',
                      'invoice.overdue',
                      'credit_note.created',
                    ],
                  },
                },
              },
            },
          },
        },
      },
      responses: {
        '200': ok('Exists'),
        '201': ok('Registered'),
        '400': errorResponse,
        '409': errorResponse,
      },
    },
    get: {
      summary: 'Webhook endpoints (without secrets)',
      responses: { '200': ok('The endpoints') },
    },
  },
  '/v1/webhook-endpoints/{id}/deliveries': {
    get: {
      summary: 'Delivery log: per event, attempts, status and the last answer',
      parameters: [idParam],
      responses: { '200': ok('The deliveries, newest first'), '404': errorResponse },
    },
  },
  '/v1/exports/invoices.csv': {
    get: {
      summary: 'CSV of invoices and credit notes issued in [from, to)',
      parameters: range,
      responses: { '200': file('text/csv', 'One row per document'), '400': errorResponse },
    },
  },
  '/v1/exports/invoice-lines.csv': {
    get: {
      summary: 'CSV of the lines of invoices and credit notes issued in [from, to)',
      parameters: range,
      responses: { '200': file('text/csv', 'One row per line'), '400': errorResponse },
    },
  },
};
