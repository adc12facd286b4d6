import { buildOpenApiDocument } from './contract/openapi';
import { adjustmentPaths } from './openapi-adjustment-paths';
import { deliveryPaths } from './openapi-delivery-paths';
import { paths } from './openapi-paths';
import { schemas } from './openapi-schemas';
import { routes } from './routes';

const generated = buildOpenApiDocument(routes);

/** The OpenAPI 3.1 document of the API, served at GET /openapi.json. */
// TODO(#9): the hand-written paths go as their routes are declared in api/routes/.
export const openApiDocument = {
  ...generated,
  paths: { ...paths, ...adjustmentPaths, ...deliveryPaths, ...generated.paths },
  components: { ...generated.components, schemas: { ...schemas, ...generated.components.schemas } },
};
