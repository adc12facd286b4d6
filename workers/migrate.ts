import { loadConfig } from '../runtime/config';
import { openConfiguredDatabase } from '../runtime/database';

/** `npm run migrate`: applies db/migrations to the configured database and exits. */
async function main(): Promise<void> {
  const database = await openConfiguredDatabase(loadConfig());
  await database.close();
  console.log(`migrations applied (${database.kind})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
