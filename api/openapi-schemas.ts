import {
  decimal,
  period,
  dimensions,
  catalogId,
  wholeSeconds,
  measureSpec,
  priceModelVariant,
  tiers,
} from './openapi-fragments';

/** The OpenAPI component schemas. */
export const schemas = {
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
        description: 'RFC 3339 with offset; the plan applies from here until the next subscription',
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
      paymentTermsDays: { type: 'integer', minimum: 0, maximum: 365, default: 30 },
      zeroUsageInvoices: {
        type: 'boolean',
        default: true,
        description: 'false: no invoice for a period without charges',
      },
      locale: { type: 'string', default: 'en-US', description: 'BCP 47, for documents' },
      address: {
        type: 'object',
        required: ['lines', 'countryCode'],
        properties: {
          lines: { type: 'array', minItems: 1, maxItems: 5, items: { type: 'string' } },
          countryCode: { type: 'string', pattern: '^[A-Z]{2}$' },
        },
      },
      vatId: { type: 'string', pattern: '^[A-Z0-9]{2,20}$' },
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
      paymentTermsDays: { type: 'integer' },
      zeroUsageInvoices: { type: 'boolean' },
      locale: { type: 'string' },
      address: { type: ['object', 'null'] },
      vatId: { type: ['string', 'null'] },
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
      status: { enum: ['draft', 'open', 'partially_paid', 'paid', 'overdue', 'void'] },
      amountPaid: decimal,
      amountRemaining: decimal,
      number: { type: ['string', 'null'] },
      finalizedAt: { type: ['string', 'null'], format: 'date-time' },
      dueAt: { type: ['string', 'null'], format: 'date-time' },
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
      cost: {
        description:
          'Null without a plan. forecast = accrued x period / elapsed (linear burn rate)',
        oneOf: [
          {
            type: 'object',
            properties: { currency: { type: 'string' }, accrued: decimal, forecast: decimal },
          },
          { type: 'null' },
        ],
      },
    },
  },
} as const;
