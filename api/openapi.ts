import { buildOpenApiDocument } from './contract/openapi';
import { routes } from './routes';

/** The OpenAPI 3.1 document of the API, served at GET /openapi.json: derived, never written. */
export const openApiDocument = buildOpenApiDocument(routes);
