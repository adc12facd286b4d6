import { errorResponse, idParam, jsonOf } from './openapi-fragments';

/** The OpenAPI paths: one entry per route of the API. */
export const paths = {
  '/healthz': {
    get: {
      summary: 'Liveness of the database and Temporal',
      responses: {
        '200': { description: 'Healthy' },
        '503': { description: 'A dependency does not answer' },
      },
    },
  },
  '/v1/customers': {
    post: {
      summary: 'Create a customer and start its billing cycle',
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: { $ref: '#/components/schemas/CustomerInput' } },
        },
      },
      responses: {
        '201': {
          description: 'Created',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Customer' } } },
        },
        '200': { description: 'Already created with the same fields' },
        '400': errorResponse,
        '409': errorResponse,
      },
    },
  },
  '/v1/customers/{id}': {
    get: {
      summary: 'A customer',
      parameters: [idParam],
      responses: {
        '200': {
          description: 'The customer',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Customer' } } },
        },
        '404': errorResponse,
      },
    },
  },
  '/v1/customers/{id}/invoices': {
    get: {
      summary: "The customer's invoices, oldest period first",
      parameters: [idParam],
      responses: {
        '200': {
          description: 'Invoices',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  invoices: { type: 'array', items: { $ref: '#/components/schemas/Invoice' } },
                },
              },
            },
          },
        },
        '404': errorResponse,
      },
    },
  },
  '/v1/invoices/{id}/finalize': {
    post: {
      summary: 'Finalize a draft invoice now: gapless number, due date, immutable from then on',
      parameters: [idParam],
      responses: {
        '200': {
          description: 'The finalized invoice',
          content: jsonOf('#/components/schemas/Invoice'),
        },
        '404': errorResponse,
      },
    },
  },
  '/v1/invoices/{id}/payments': {
    post: {
      summary: 'Record a payment (idempotent by reference): 201 first, 200 when repeated',
      parameters: [idParam],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              additionalProperties: false,
              required: ['reference', 'amount'],
              properties: {
                reference: { type: 'string', minLength: 1, maxLength: 128 },
                amount: { type: 'string', examples: ['12.30'] },
                receivedAt: { type: 'string', format: 'date-time' },
              },
            },
          },
        },
      },
      responses: {
        '201': { description: 'Recorded', content: jsonOf('#/components/schemas/Invoice') },
        '200': { description: 'Already recorded', content: jsonOf('#/components/schemas/Invoice') },
        '400': errorResponse,
        '404': errorResponse,
        '409': errorResponse,
      },
    },
  },
  '/v1/invoices/{id}/void': {
    post: {
      summary: 'Void a finalized invoice that has no payments',
      parameters: [idParam],
      responses: {
        '200': { description: 'The void invoice', content: jsonOf('#/components/schemas/Invoice') },
        '404': errorResponse,
        '409': errorResponse,
      },
    },
  },
  '/v1/api-keys': {
    post: {
      summary: 'Issue an operator key or a key scoped to one customer (shown once)',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              oneOf: [
                { type: 'object', required: ['kind'], properties: { kind: { const: 'operator' } } },
                {
                  type: 'object',
                  required: ['kind', 'customerId'],
                  properties: { kind: { const: 'customer' }, customerId: { type: 'string' } },
                },
              ],
            },
          },
        },
      },
      responses: {
        '201': { description: 'The key, in this answer only' },
        '400': errorResponse,
        '403': errorResponse,
      },
    },
  },
  '/v1/invoices/{id}': {
    get: {
      summary: 'An invoice with its lines and totals',
      parameters: [idParam],
      responses: {
        '200': {
          description: 'The invoice',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Invoice' } } },
        },
        '404': errorResponse,
      },
    },
  },
  '/v1/customers/{id}/usage': {
    get: {
      summary: "Live usage of the customer's current period",
      parameters: [idParam],
      responses: {
        '200': {
          description: 'Usage so far',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Usage' } } },
        },
        '404': errorResponse,
        '503': errorResponse,
      },
    },
  },
  '/v1/plans': {
    post: {
      summary: 'Create a plan with its prices (plans are immutable)',
      requestBody: { required: true, content: jsonOf('#/components/schemas/PlanInput') },
      responses: {
        '201': { description: 'Created', content: jsonOf('#/components/schemas/Plan') },
        '200': {
          description: 'Already created with the same fields',
          content: jsonOf('#/components/schemas/Plan'),
        },
        '400': errorResponse,
        '409': errorResponse,
      },
    },
    get: {
      summary: 'All plans, ordered by id',
      responses: {
        '200': {
          description: 'The plans',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  plans: { type: 'array', items: { $ref: '#/components/schemas/Plan' } },
                },
              },
            },
          },
        },
      },
    },
  },
  '/v1/plans/{id}': {
    get: {
      summary: 'A plan with its prices',
      parameters: [idParam],
      responses: {
        '200': { description: 'The plan', content: jsonOf('#/components/schemas/Plan') },
        '404': errorResponse,
      },
    },
  },
  '/v1/customers/{id}/subscriptions': {
    post: {
      summary: 'Subscribe the customer to a plan from an instant on',
      parameters: [idParam],
      requestBody: { required: true, content: jsonOf('#/components/schemas/SubscriptionInput') },
      responses: {
        '201': { description: 'Created', content: jsonOf('#/components/schemas/Subscription') },
        '200': {
          description: 'Already created with the same fields',
          content: jsonOf('#/components/schemas/Subscription'),
        },
        '400': errorResponse,
        '404': errorResponse,
        '409': errorResponse,
      },
    },
    get: {
      summary: "The customer's subscriptions, oldest first",
      parameters: [idParam],
      responses: {
        '200': {
          description: 'The subscriptions',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  subscriptions: {
                    type: 'array',
                    items: { $ref: '#/components/schemas/Subscription' },
                  },
                },
              },
            },
          },
        },
        '404': errorResponse,
      },
    },
  },
  '/v1/customers/{id}/invoice-preview': {
    get: {
      summary: "Dry run of the current period's invoice, rated as if the period closed now",
      parameters: [idParam],
      responses: {
        '200': { description: 'The preview' },
        '404': errorResponse,
        '503': errorResponse,
      },
    },
  },
  '/v1/customers/{id}/tax-rates': {
    get: {
      summary: "The customer's tax rates",
      parameters: [idParam],
      responses: { '200': { description: 'The rates' }, '404': errorResponse },
    },
    put: {
      summary: "Replace the customer's tax rates (used by drafts from now on)",
      parameters: [idParam],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['taxRates'],
              properties: {
                taxRates: {
                  type: 'array',
                  maxItems: 10,
                  items: {
                    type: 'object',
                    required: ['id', 'name', 'percentage', 'inclusive'],
                    properties: {
                      id: { type: 'string' },
                      name: { type: 'string' },
                      percentage: { type: 'string', examples: ['20'] },
                      inclusive: { type: 'boolean' },
                    },
                  },
                },
              },
            },
          },
        },
      },
      responses: {
        '200': { description: 'The stored rates' },
        '400': errorResponse,
        '404': errorResponse,
      },
    },
  },
  '/v1/events': {
    post: {
      summary: 'Record a batch of usage events (all or nothing)',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['events'],
              additionalProperties: false,
              properties: {
                events: {
                  type: 'array',
                  minItems: 1,
                  maxItems: 1000,
                  items: { $ref: '#/components/schemas/Event' },
                },
              },
            },
          },
        },
      },
      responses: {
        '202': {
          description: 'Every event is durably recorded',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  results: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        id: { type: 'string' },
                        status: { enum: ['accepted', 'duplicate'] },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        '400': errorResponse,
        '413': errorResponse,
      },
    },
  },
} as const;
