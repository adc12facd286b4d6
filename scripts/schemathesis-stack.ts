/**
 * The real stack for schemathesis (scripts/schemathesis.sh): a Temporal dev server, a fresh
 * PostgreSQL database, the worker and the API with the test operator key (the tests' own
 * startTestStack), seeded over the API with a few real objects so that path ids hit data.
 * Writes a schemathesis.toml that binds each operation's `{id}` to those objects, runs the
 * command given after `--` with SCHEMATHESIS_URL and SCHEMATHESIS_CONFIG in its environment,
 * stops the stack and exits with the command's exit code.
 *
 *   tsx scripts/schemathesis-stack.ts -- schemathesis --config-file ... run ...
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { aPlan } from '../test/fixtures/catalog';
import { aCustomerWithDraft } from '../test/support/invoice-fixtures';
import { TEST_OPERATOR_KEY } from '../test/support/http';
import { startTestStack, type TestStack } from '../test/support/stack';

type Seeded = Record<
  'customers' | 'plans' | 'invoices' | 'creditNotes' | 'coupons' | 'webhookEndpoints',
  string[]
>;

async function call(
  apiUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${TEST_OPERATOR_KEY}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (response.status >= 300) {
    throw new Error(`seeding: ${method} ${path} answered ${response.status}: ${text}`);
  }
  return text ? JSON.parse(text) : null;
}

/**
 * Three customers with a November draft each: one stays a draft, one is finalized and gets a
 * credit note and a payment, one is finalized only (it can be voided). A plan they subscribe
 * to, a coupon, a credit grant, a webhook endpoint and an event. Each step goes through the API
 * except the drafts, which only a period close makes. A step that fails is reported and the
 * run goes on with what was seeded; `failures` makes the run fail in the end.
 */
async function seed(stack: TestStack): Promise<{ seeded: Seeded; failures: string[] }> {
  const url = stack.api.url;
  const seeded: Seeded = {
    customers: [],
    plans: [],
    invoices: [],
    creditNotes: [],
    coupons: [],
    webhookEndpoints: [],
  };
  const failures: string[] = [];
  const step = async (name: string, run: () => Promise<unknown>): Promise<boolean> => {
    try {
      await run();
      return true;
    } catch (error) {
      const message = `seeding ${name}: ${error instanceof Error ? error.message : String(error)}`;
      console.error(message);
      failures.push(message);
      return false;
    }
  };
  const drafts: { customerId: string; invoiceId: string; lineId: string | undefined }[] = [];
  for (let i = 0; i < 3; i += 1) {
    await step('a customer with a draft', async () => {
      const { customerId, draft } = await aCustomerWithDraft(url, stack.database.db);
      seeded.customers.push(customerId);
      seeded.invoices.push(draft.invoiceId);
      drafts.push({ customerId, invoiceId: draft.invoiceId, lineId: draft.lines[0]?.lineId });
    });
  }
  const [a, b, c] = drafts;
  for (const finalized of [b, c]) {
    if (!finalized) continue;
    await step('finalize', () =>
      call(url, 'POST', `/v1/invoices/${finalized.invoiceId}/finalize`, {}),
    );
  }
  if (b) {
    if (
      await step('a credit note', () =>
        call(url, 'POST', `/v1/invoices/${b.invoiceId}/credit-notes`, {
          id: 'cn-seed-1',
          reason: 'Outage',
          ...(b.lineId ? { lines: [{ lineId: b.lineId, amount: '1.00' }] } : {}),
        }),
      )
    ) {
      seeded.creditNotes.push('cn-seed-1');
    }
    await step('a payment', () =>
      call(url, 'POST', `/v1/invoices/${b.invoiceId}/payments`, {
        reference: 'bank-seed-1',
        amount: '1.00',
      }),
    );
  }
  if (await step('a plan', () => call(url, 'POST', '/v1/plans', aPlan({ id: 'plan-seed-1' })))) {
    seeded.plans.push('plan-seed-1');
  }
  for (const { customerId } of drafts) {
    await step('a subscription', () =>
      call(url, 'POST', `/v1/customers/${customerId}/subscriptions`, {
        id: `sub-seed-${customerId}`,
        planId: 'plan-seed-1',
        effectiveFrom: '2020-01-01T00:00:00Z',
      }),
    );
  }
  const coupon = {
    id: 'coupon-seed-1',
    kind: 'fixed_amount',
    amount: '0.05',
    currency: 'EUR',
    duration: 'once',
  };
  if (await step('a coupon', () => call(url, 'POST', '/v1/coupons', coupon))) {
    seeded.coupons.push(coupon.id);
  }
  if (a) {
    await step('a coupon applied', () =>
      call(url, 'POST', `/v1/customers/${a.customerId}/coupons`, { couponId: coupon.id }),
    );
    await step('a credit grant', () =>
      call(url, 'POST', `/v1/customers/${a.customerId}/credit-grants`, {
        id: 'grant-seed-1',
        amount: '0.10',
      }),
    );
    await step('an event', () =>
      call(url, 'POST', '/v1/events', {
        events: [
          {
            id: 'evt-seed-1',
            customerId: a.customerId,
            type: 'resource.started',
            resourceId: 'vm-1',
            meter: 'compute.vm',
            dimensions: { flavor: 'm1.small', region: 'fra1' },
            timestamp: new Date(Date.now() - 60_000).toISOString(),
          },
        ],
      }),
    );
  }
  const hook = { id: 'hook-seed-1', url: 'http://127.0.0.1:9/hook' };
  if (await step('a webhook endpoint', () => call(url, 'POST', '/v1/webhook-endpoints', hook))) {
    seeded.webhookEndpoints.push(hook.id);
  }
  return { seeded, failures };
}

/**
 * Which seeded ids each operation's parameters take (mostly: with the remaining probability
 * schemathesis generates its own, unknown ones). Schemathesis merges `[[operations]]` entries
 * by taking each option from the first entry that matches, so the specific paths come first.
 */
const BINDINGS: { pathRegex: string; parameters: Record<string, keyof Seeded> }[] = [
  {
    pathRegex: '^/v1/customers/\\{id\\}/coupons$',
    parameters: { 'path.id': 'customers', 'body.couponId': 'coupons' },
  },
  {
    pathRegex: '^/v1/customers/\\{id\\}/subscriptions$',
    parameters: { 'path.id': 'customers', 'body.planId': 'plans' },
  },
  { pathRegex: '^/v1/customers/\\{id\\}', parameters: { 'path.id': 'customers' } },
  { pathRegex: '^/v1/events$', parameters: { 'body.events[*].customerId': 'customers' } },
  { pathRegex: '^/v1/plans/\\{id\\}', parameters: { 'path.id': 'plans' } },
  { pathRegex: '^/v1/invoices/\\{id\\}', parameters: { 'path.id': 'invoices' } },
  { pathRegex: '^/v1/credit-notes/\\{id\\}', parameters: { 'path.id': 'creditNotes' } },
  { pathRegex: '^/v1/coupons/\\{id\\}', parameters: { 'path.id': 'coupons' } },
  { pathRegex: '^/v1/webhook-endpoints/\\{id\\}', parameters: { 'path.id': 'webhookEndpoints' } },
];

const toml = (value: unknown): string => JSON.stringify(value);

/** The schemathesis.toml of one run: the seeded ids as dictionaries, bound per operation. */
function configOf(seeded: Seeded, probability: number): string {
  const lines = [
    '# Written by scripts/schemathesis-stack.ts for one run.',
    '',
    // No .schemathesis/ cache in the work tree: every run starts from the same seed alone.
    '[cache]',
    'enabled = false',
    '',
    // A Server-Sent Events stream stays open by design: there is no reply to check, only a
    // request timeout to wait for (test/e2e/usage-stream.test.ts covers it).
    '[[operations]]',
    `include-path-regex = ${toml('/usage/stream$')}`,
    'enabled = false',
    '',
  ];
  for (const [name, values] of Object.entries(seeded)) {
    if (values.length > 0) lines.push(`[dictionaries.${name}]`, `values = ${toml(values)}`, '');
  }
  for (const { pathRegex, parameters } of BINDINGS) {
    const bound = Object.entries(parameters)
      .filter(([, dictionary]) => seeded[dictionary].length > 0)
      .map(
        ([key, dictionary]) =>
          `${toml(key)} = { dictionary = ${toml(dictionary)}, probability = ${probability} }`,
      );
    if (bound.length === 0) continue;
    lines.push(
      '[[operations]]',
      `include-path-regex = ${toml(pathRegex)}`,
      `parameters = { ${bound.join(', ')} }`,
      '',
    );
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const separator = process.argv.indexOf('--');
  const command = separator === -1 ? [] : process.argv.slice(separator + 1);
  if (command.length === 0) {
    throw new Error('usage: tsx scripts/schemathesis-stack.ts -- <command> [args...]');
  }
  const started = Date.now();
  // The SDK's own log (worker state changes) would bury schemathesis' report.
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  // With delivery to local fakes, so finalized invoices have their documents.
  const stack = await startTestStack(`schemathesis-${process.pid}`, { delivery: true });
  const dir = mkdtempSync(join(tmpdir(), 'schemathesis-'));
  let child: ReturnType<typeof spawn> | null = null;
  const stop = async (): Promise<void> => {
    rmSync(dir, { recursive: true, force: true });
    await stack.stop();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (child && child.exitCode === null) child.kill(signal);
    else void stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const { seeded, failures } = await seed(stack);
    const probability = Number(process.env.SCHEMATHESIS_SEEDED_ID_PROBABILITY ?? '0.8');
    const config = join(dir, 'schemathesis.toml');
    writeFileSync(config, configOf(seeded, probability));
    console.log(
      `stack up and seeded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${stack.api.url}`,
    );
    const exitCode = await new Promise<number>((resolve, reject) => {
      child = spawn(command[0] as string, command.slice(1), {
        stdio: 'inherit',
        env: {
          ...process.env,
          SCHEMATHESIS_URL: stack.api.url,
          SCHEMATHESIS_CONFIG: config,
          SCHEMATHESIS_TOKEN: TEST_OPERATOR_KEY,
        },
      });
      child.on('error', reject);
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    });
    if (failures.length > 0) {
      console.error(`seeding failed (${failures.length}):\n  ${failures.join('\n  ')}`);
      return exitCode === 0 ? 1 : exitCode;
    }
    return exitCode;
  } finally {
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
