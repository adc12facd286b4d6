import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { RunningApi } from '../../api/server';
import { uniqueId } from '../fixtures/builders';
import { postJson } from './http';
import { createTestDatabase, type TestDatabase } from './postgres';
import { startTestApi } from './stack';
import { createDevServerEnv } from './temporal';

/**
 * A dev server, a fresh database and the API of an end-to-end test file with no worker,
 * filled in by its `beforeAll`; read the fields inside tests, not at module level.
 */
export interface ApiStack {
  env: TestWorkflowEnvironment;
  database: TestDatabase;
  api: RunningApi;
}

/** Registers the hooks of an API test file and returns the stack they fill in. */
export function useApiStack(taskQueue: string): ApiStack {
  const stack: Partial<ApiStack> = {};
  const filled = (): ApiStack => {
    if (!stack.env || !stack.database || !stack.api) {
      throw new Error('the API stack is read before its beforeAll has run');
    }
    return { env: stack.env, database: stack.database, api: stack.api };
  };

  beforeAll(async () => {
    [stack.env, stack.database] = await Promise.all([createDevServerEnv(), createTestDatabase()]);
    stack.api = await startTestApi(stack.env, stack.database, taskQueue);
  }, 120_000);

  afterAll(async () => {
    await stack.api?.close();
    await stack.env?.teardown();
    await stack.database?.drop();
  });

  return {
    get env() {
      return filled().env;
    },
    get database() {
      return filled().database;
    },
    get api() {
      return filled().api;
    },
  };
}

/** A valid POST /v1/customers body: a monthly EUR customer in Berlin, with a fresh id. */
export function customerBody(overrides: Record<string, unknown> = {}) {
  return {
    id: uniqueId('cus'),
    name: 'Acme Cloud GmbH',
    email: 'billing@acme.example',
    currency: 'EUR',
    timezone: 'Europe/Berlin',
    billingSchedule: 'monthly',
    ...overrides,
  };
}

/** Creates a customer over HTTP (expecting 201) and returns its id. */
export async function createCustomer(
  api: { url: string },
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const body = customerBody(overrides);
  const response = await postJson(`${api.url}/v1/customers`, body);
  expect(response.status).toEqual(201);
  return body.id;
}
