import { BillingError } from '../../domain/errors';

/** The BillingError a delivery rejected with; fails the test when it resolved or threw something else. */
export async function failureOf(promise: Promise<unknown>): Promise<BillingError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BillingError) return error;
    throw error;
  }
  throw new Error('expected the delivery to fail, but it succeeded');
}
