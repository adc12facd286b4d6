import { adjustmentPaths } from './openapi-adjustment-paths';
import { deliveryPaths } from './openapi-delivery-paths';
import { paths } from './openapi-paths';
import { schemas } from './openapi-schemas';

/** The OpenAPI 3.1 document of the API, served at GET /openapi.json. */
export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Usage billing engine',
    version: '0.1.0',
    description: 'Per-second usage billing on Temporal.',
  },
  security: [{ bearer: [] }],
  paths: { ...paths, ...adjustmentPaths, ...deliveryPaths },
  components: {
    schemas,
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key' } },
  },
} as const;
