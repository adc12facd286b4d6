import type { Database, DatabaseHandle } from '../db/client';

/**
 * The database as the layers above the use cases see it: an opaque handle that the
 * composition root builds and that routes and activities pass on to a use case, never query.
 */
export type { Database, DatabaseHandle };
