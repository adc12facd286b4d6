import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { DeliveryDeps } from '../activities/delivery-deps';
import type { Database } from '../db/client';

export interface BillingWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Database;
  delivery?: DeliveryDeps;
  /** A prebuilt bundle (tests build it once per file); else workflows/ is bundled now. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

export async function createBillingWorker(options: BillingWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities({
      db: options.db,
      ...(options.delivery ? { delivery: options.delivery } : {}),
    }),
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: require.resolve('../workflows') }),
  });
}
