/** Building blocks shared by the OpenAPI paths and schemas. */
export const errorResponse = {
  description: 'Error',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};
export const decimal = {
  type: 'string',
  pattern: '^(0|[1-9][0-9]*)(\\.[0-9]+)?$',
  examples: ['3600.25'],
};
export const period = {
  type: 'object',
  required: ['start', 'end'],
  properties: {
    start: { type: 'string', format: 'date-time' },
    end: { type: 'string', format: 'date-time' },
  },
};
export const dimensions = {
  type: 'object',
  additionalProperties: { type: 'string', maxLength: 256 },
};

export const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
export const jsonOf = (ref: string) => ({ 'application/json': { schema: { $ref: ref } } });
export const catalogId = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$' };
export const wholeSeconds = (minimum: number) => ({ type: 'integer', minimum, maximum: 2678400 });
export const measureSpec = {
  measure: { enum: ['seconds', 'quantitySeconds', 'quantity'] },
  unit: { enum: ['second', 'minute', 'hour', 'month'], description: 'Time measures only' },
  unitDivisor: { ...decimal, description: 'Greater than 0, default "1"' },
};
export const priceModelVariant = (
  type: string,
  required: string[],
  properties: Record<string, unknown>,
) => ({
  type: 'object',
  additionalProperties: false,
  required: ['type', ...required],
  properties: { type: { const: type }, ...properties },
});
export const tiers = {
  type: 'array',
  minItems: 1,
  maxItems: 100,
  description: 'upTo (inclusive) strictly increasing; only the last tier has upTo null',
  items: { $ref: '#/components/schemas/Tier' },
};
