/** The OpenAPI 3.1 document of the API, served at GET /openapi.json. */
const errorResponse = {
  description: 'Error',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};
const decimal = { type: 'string', pattern: '^(0|[1-9][0-9]*)(\\.[0-9]+)?$', examples: ['3600.25'] };
const period = {
  type: 'object',
  required: ['start', 'end'],
  properties: {
    start: { type: 'string', format: 'date-time' },
    end: { type: 'string', format: 'date-time' },
  },
};
const dimensions = { type: 'object', additionalProperties: { type: 'string', maxLength: 256 } };

const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const jsonOf = (ref: string) => ({ 'application/json': { schema: { $ref: ref } } });
const catalogId = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$' };
const wholeSeconds = (minimum: number) => ({ type: 'integer', minimum, maximum: 2678400 });
const measureSpec = {
  measure: { enum: ['seconds', 'quantitySeconds', 'quantity'] },
  unit: { enum: ['second', 'minute', 'hour', 'month'], description: 'Time measures only' },
  unitDivisor: { ...decimal, description: 'Greater than 0, default "1"' },
};
const priceModelVariant = (
  type: string,
  required: string[],
  properties: Record<string, unknown>,
) => ({
  type: 'object',
  additionalProperties: false,
  required: ['type', ...required],
  properties: { type: { const: type }, ...properties },
});
const tiers = {
  type: 'array',
  minItems: 1,
  maxItems: 100,
  description: 'upTo (inclusive) strictly increasing; only the last tier has upTo null',
  items: { $ref: '#/components/schemas/Tier' },
};

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Usage billing engine',
    version: '0.1.0',
    description: 'Per-second usage billing on Temporal.',
  },
  paths: {
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
  },
  components: {
    schemas: {
      PlanInput: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'currency', 'prices'],
        properties: {
          id: catalogId,
          name: { type: 'string', minLength: 1, maxLength: 256 },
          currency: { type: 'string', description: 'ISO 4217', examples: ['EUR'] },
          minimumCommitment: {
            ...decimal,
            description: 'Per period; a whole number of minor units of the currency',
          },
          prices: {
            type: 'array',
            minItems: 1,
            maxItems: 200,
            items: { $ref: '#/components/schemas/PriceInput' },
          },
        },
      },
      PriceInput: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'meter', 'model'],
        properties: {
          id: { ...catalogId, description: 'Unique within the plan' },
          meter: { type: 'string', minLength: 1, maxLength: 128, examples: ['compute.vm'] },
          dimensionsFilter: { ...dimensions, description: 'Subset match; default {}' },
          groupBy: { type: 'array', maxItems: 16, items: { type: 'string' } },
          freeUnits: { ...decimal, description: 'Per period, in price units' },
          unitLabel: { type: 'string', minLength: 1, maxLength: 64 },
          model: { $ref: '#/components/schemas/PriceModel' },
        },
      },
      PriceModel: {
        oneOf: [
          priceModelVariant('run_time', ['unit', 'unitPrice'], {
            unit: { enum: ['second', 'minute', 'hour'] },
            unitPrice: decimal,
            minimumSeconds: wholeSeconds(0),
            minimumAmount: decimal,
            roundingIncrementSeconds: wholeSeconds(1),
            periodCapAmount: decimal,
          }),
          priceModelVariant('quantity_time', ['unit', 'unitPrice'], {
            unit: { enum: ['second', 'hour', 'month'] },
            unitPrice: decimal,
            unitDivisor: decimal,
          }),
          priceModelVariant('counter', ['unitPrice'], { unitPrice: decimal, unitDivisor: decimal }),
          priceModelVariant('graduated', ['measure', 'tiers'], { ...measureSpec, tiers }),
          priceModelVariant('volume', ['measure', 'tiers'], { ...measureSpec, tiers }),
          priceModelVariant('package', ['measure', 'packageSize', 'packagePrice'], {
            ...measureSpec,
            packageSize: decimal,
            packagePrice: decimal,
          }),
        ],
        discriminator: { propertyName: 'type' },
      },
      Tier: {
        type: 'object',
        additionalProperties: false,
        required: ['upTo', 'unitPrice'],
        properties: {
          upTo: { oneOf: [decimal, { type: 'null' }] },
          unitPrice: decimal,
          flatPrice: decimal,
        },
      },
      Plan: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          currency: { type: 'string' },
          minimumCommitment: { oneOf: [decimal, { type: 'null' }] },
          prices: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'string' },
                meter: { type: 'string' },
                dimensionsFilter: dimensions,
                groupBy: { type: ['array', 'null'], items: { type: 'string' } },
                freeUnits: { oneOf: [decimal, { type: 'null' }] },
                unitLabel: { type: ['string', 'null'] },
                model: { $ref: '#/components/schemas/PriceModel' },
              },
            },
          },
        },
      },
      SubscriptionInput: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'planId', 'effectiveFrom'],
        properties: {
          id: catalogId,
          planId: { type: 'string', description: "A plan in the customer's currency" },
          effectiveFrom: {
            type: 'string',
            format: 'date-time',
            description:
              'RFC 3339 with offset; the plan applies from here until the next subscription',
          },
        },
      },
      Subscription: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          customerId: { type: 'string' },
          planId: { type: 'string' },
          effectiveFrom: { type: 'string', format: 'date-time' },
        },
      },
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message', 'details'],
            properties: {
              code: { type: 'string' },
              message: { type: 'string' },
              details: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    index: { type: 'integer' },
                    field: { type: 'string' },
                    message: { type: 'string' },
                  },
                },
              },
            },
          },
        },
      },
      CustomerInput: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'email', 'currency', 'timezone', 'billingSchedule'],
        properties: {
          id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$' },
          name: { type: 'string', minLength: 1, maxLength: 256 },
          email: { type: 'string', format: 'email' },
          currency: { type: 'string', description: 'ISO 4217', examples: ['EUR'] },
          timezone: { type: 'string', description: 'IANA time zone', examples: ['Europe/Berlin'] },
          billingSchedule: { enum: ['daily', 'weekly', 'monthly'] },
          billingAnchor: {
            type: 'string',
            format: 'date-time',
            description: 'Default: calendar-aligned periods',
          },
          gracePeriodSeconds: { type: 'integer', minimum: 0, maximum: 2678400, default: 3600 },
        },
      },
      Customer: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          email: { type: 'string' },
          currency: { type: 'string' },
          timezone: { type: 'string' },
          billingSchedule: { enum: ['daily', 'weekly', 'monthly'] },
          billingAnchor: { type: ['string', 'null'], format: 'date-time' },
          gracePeriodSeconds: { type: 'integer' },
        },
      },
      Event: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'customerId', 'type', 'timestamp', 'resourceId', 'meter'],
        properties: {
          id: {
            type: 'string',
            minLength: 1,
            maxLength: 128,
            description: 'Unique per customer: the idempotency key',
          },
          customerId: { type: 'string' },
          type: {
            enum: ['resource.started', 'resource.stopped', 'resource.updated', 'usage.recorded'],
          },
          timestamp: {
            type: 'string',
            format: 'date-time',
            description: 'RFC 3339 with offset; milliseconds kept',
          },
          resourceId: { type: 'string', minLength: 1, maxLength: 256 },
          meter: { type: 'string', minLength: 1, maxLength: 128, examples: ['compute.vm'] },
          dimensions,
          quantity: {
            ...decimal,
            description: 'Default "1" (an update without it keeps the run\'s quantity)',
          },
        },
      },
      Invoice: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          customerId: { type: 'string' },
          period,
          planId: { type: 'string' },
          currency: { type: 'string' },
          status: { enum: ['draft'] },
          subtotal: decimal,
          totalTax: decimal,
          total: decimal,
          amountDue: decimal,
          lines: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                lineId: { type: 'string' },
                priceId: { type: 'string' },
                meter: { type: 'string' },
                dimensions,
                quantity: decimal,
                unit: { type: 'string' },
                unitPrice: decimal,
                preciseAmount: decimal,
                amount: decimal,
                subLines: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      resourceId: { type: 'string' },
                      quantity: decimal,
                      preciseAmount: decimal,
                    },
                  },
                },
              },
            },
          },
          unmatchedUsage: { type: 'array', items: { type: 'object' } },
        },
      },
      Usage: {
        type: 'object',
        properties: {
          customerId: { type: 'string' },
          period,
          asOf: { type: 'string', format: 'date-time' },
          lastSequence: { type: 'integer' },
          resources: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                resourceId: { type: 'string' },
                meter: { type: 'string' },
                dimensions,
                seconds: decimal,
                quantitySeconds: decimal,
                quantity: decimal,
                runs: { type: 'integer' },
              },
            },
          },
          meters: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                meter: { type: 'string' },
                seconds: decimal,
                quantitySeconds: decimal,
                quantity: decimal,
              },
            },
          },
          openRuns: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                resourceId: { type: 'string' },
                meter: { type: 'string' },
                dimensions,
                quantity: decimal,
                since: { type: 'string', format: 'date-time' },
              },
            },
          },
          closingPeriod: { oneOf: [period, { type: 'null' }] },
          lateUsage: { type: 'array', items: { type: 'object' } },
          anomalies: { type: 'object', additionalProperties: { type: 'integer' } },
        },
      },
    },
  },
} as const;
