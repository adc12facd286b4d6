/**
 * Counts the SQL statements each activity of one customer's period close issues: the
 * billing-cycle steps (catch-up, usage summary, draft, finalization, dispatch) and the
 * delivery steps of the invoice.finalized event (plan, render, email, webhook, ERP, due date),
 * as the workflows call them when the period has no grace. Every statement the client sends
 * counts, `begin` and `commit` included. The activities are called directly, each in a
 * mock activity context; email and ERP go to the tests' local fakes, the PDF to Chromium.
 *
 *   DATABASE_URL=postgres://billing:billing@127.0.0.1:5432/billing npx tsx bench/query-count.ts
 *   (--sql prints every statement under its activity)
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { createActivities } from '../activities';
import { createHttpErpConnector, createResendMailer } from '../adapters/delivery';
import type { DeliveryDeps } from '../adapters/delivery-deps';
import { createBrowserPool } from '../adapters/pdf';
import type { Database } from '../db/client';
import { saveCustomerTaxRates } from '../db/repositories/tax-rates.repository';
import { saveWebhookEndpoint } from '../db/repositories/webhooks.repository';
import * as schema from '../db/schema';
import { portalMac } from '../services/portal-tokens';
import { aCustomer } from '../test/fixtures/builders';
import { aPlan } from '../test/fixtures/catalog';
import { aCounterUsage, aRunUsage, aUsageReport } from '../test/fixtures/usage-reports';
import { EMAIL_FROM, RESEND_TEST_KEY, TEST_ISSUER } from '../test/support/delivery';
import { startFakeErp } from '../test/support/fakes/fake-erp';
import { startFakeResend } from '../test/support/fakes/fake-resend';
import { startWebhookReceiver } from '../test/support/fakes/webhook-receiver';
import { createTestDatabase } from '../test/support/postgres';
import { saveSubscribedCustomer } from '../test/support/subscribed-customer';

const DAY = 86_400_000;
const PERIOD = { startMs: Date.UTC(2030, 11, 1), endMs: Date.UTC(2030, 11, 1) + DAY };
const WEBHOOK_SECRET =
  'whsec_' + Buffer.from('query-count-secret-32-bytes-long').toString('base64');

/** The statements each labelled step sent, in order. */
const counted = new Map<string, string[]>();
let current: string | null = null;

async function main(): Promise<void> {
  const showSql = process.argv.includes('--sql');
  const database = await createTestDatabase();
  const sql = postgres(database.url, {
    max: 4,
    onnotice: () => undefined,
    debug: (_connection, query) => {
      if (current) counted.get(current)?.push(query.replace(/\s+/g, ' ').trim());
    },
  });
  const db = drizzle(sql, { schema }) as unknown as Database;
  const [resend, erp, receiver] = await Promise.all([
    startFakeResend(),
    startFakeErp(),
    startWebhookReceiver({ secret: WEBHOOK_SECRET }),
  ]);
  const pdf = createBrowserPool({ executablePath: '/usr/bin/chromium', size: 1 });
  const dispatched: string[] = [];
  const delivery: DeliveryDeps = {
    issuer: TEST_ISSUER,
    pdf,
    publicBaseUrl: 'http://billing.test',
    portal: {
      mac: portalMac('query-count'),
      invoiceLinkTtlMs: 30 * DAY,
      publicBaseUrl: 'http://billing.test',
    },
    mailer: createResendMailer({ apiKey: RESEND_TEST_KEY, from: EMAIL_FROM, baseUrl: resend.url }),
    erp: createHttpErpConnector({
      baseUrl: erp.url,
      timeoutMs: 30_000,
      policy: { allowPrivateAddresses: true },
    }),
    dispatcher: {
      dispatch: (eventId) => {
        dispatched.push(eventId);
        return Promise.resolve();
      },
    },
    webhookTimeoutMs: 10_000,
    outboundPolicy: { allowPrivateAddresses: true },
  };
  try {
    const customerId = await setUp(db, receiver.url);
    const activities = createActivities({ db, delivery });
    const env = new MockActivityEnvironment();
    const step = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
      if (!counted.has(label)) counted.set(label, []);
      current = label;
      try {
        return await env.run(run);
      } finally {
        current = null;
      }
    };

    // The billing-cycle workflow's final close (closePeriod with no grace period).
    const lastSequence = 11;
    await step('loadLedgerEvents (catch-up)', () =>
      activities.loadLedgerEvents({ customerId, afterSequence: lastSequence, limit: 1000 }),
    );
    await step('persistUsageSummary', () =>
      activities.persistUsageSummary({ customerId, lastSequence, report: usage(), final: true }),
    );
    const { invoiceId } = await step('draftPeriodInvoice', () =>
      activities.draftPeriodInvoice({ customerId, period: PERIOD }),
    );
    if (!invoiceId) throw new Error('no invoice drafted');
    await step('finalizePeriodInvoice', () =>
      activities.finalizePeriodInvoice({ invoiceId, finalizedAtMs: PERIOD.endMs + 1000 }),
    );
    await step('dispatchCustomerEvents', () => activities.dispatchCustomerEvents({ customerId }));

    // The delivery workflow of each dispatched event (invoice.finalized).
    for (const eventId of dispatched) {
      const plan = await step('planEventDelivery', () => activities.planEventDelivery({ eventId }));
      if (plan.documentKind !== null) {
        const kind = plan.documentKind;
        await step('renderDocuments', () =>
          activities.renderDocuments({ documentId: plan.subjectId, kind }),
        );
      }
      if (plan.email) {
        await step('sendInvoiceEmail', () =>
          activities.sendInvoiceEmail({ invoiceId: plan.subjectId }),
        );
      }
      for (const endpointId of plan.endpointIds) {
        await step('deliverWebhook', () => activities.deliverWebhook({ eventId, endpointId }));
      }
      if (plan.erp) await step('syncToErp', () => activities.syncToErp({ eventId }));
      if (plan.watchOverdue) {
        await step('loadInvoiceDueDate', () =>
          activities.loadInvoiceDueDate({ invoiceId: plan.subjectId }),
        );
      }
    }
    report(showSql, dispatched.length);
  } finally {
    await Promise.all([resend.close(), erp.close(), receiver.close(), pdf.close()]);
    await sql.end({ timeout: 5 });
    await database.drop();
  }
}

/** A customer on a three-price plan with German VAT, an email address and a webhook. */
async function setUp(db: Database, webhookUrl: string): Promise<string> {
  const plan = aPlan({
    prices: [
      {
        id: 'vm',
        meter: 'compute.vm',
        dimensionsFilter: {},
        model: { type: 'run_time', unit: 'second', unitPrice: '0.0004', minimumSeconds: 60 },
      },
      {
        id: 'volume',
        meter: 'storage.volume',
        dimensionsFilter: {},
        model: { type: 'quantity_time', unit: 'hour', unitPrice: '0.00015' },
      },
      {
        id: 'egress',
        meter: 'network.egress',
        dimensionsFilter: {},
        model: { type: 'counter', unitPrice: '0.09', unitDivisor: '1000000000' },
      },
    ],
  });
  const customer = await saveSubscribedCustomer(db, plan, {
    customer: aCustomer({ timezone: 'Europe/Berlin', billingSchedule: 'daily' }),
  });
  await saveCustomerTaxRates(db, customer.id, [
    { id: 'de-vat-19', name: 'VAT 19%', percentage: '19', inclusive: false },
  ]);
  await saveWebhookEndpoint(db, {
    id: 'query-count-hook',
    url: webhookUrl,
    secret: WEBHOOK_SECRET,
    eventTypes: [],
  });
  return customer.id;
}

/** Three VMs (one under the 60 s minimum), a 50 GB volume and egress: the bench's shape. */
function usage() {
  return aUsageReport({
    period: PERIOD,
    asOfMs: PERIOD.endMs,
    resources: [
      aRunUsage(7, { resourceId: 'vm-0' }),
      aRunUsage(180, { resourceId: 'vm-1' }),
      aRunUsage(245, { resourceId: 'vm-2' }),
      aRunUsage(600, {
        resourceId: 'vol-1',
        meter: 'storage.volume',
        quantitySeconds: '30000',
        quantity: '50',
        runShares: [{ durationMs: 600_000, quantity: '50' }],
      }),
      aCounterUsage('network.egress', '2250000000', { resourceId: 'lb-1' }),
    ],
  });
}

function report(showSql: boolean, events: number): void {
  const rows = [...counted].map(([label, statements]) => ({ label, count: statements.length }));
  const width = Math.max(...rows.map((row) => row.label.length), 'activity'.length);
  console.log(`one customer's period close (${events} event(s) delivered)\n`);
  console.log(`${'activity'.padEnd(width)}  statements`);
  for (const { label, count } of rows) console.log(`${label.padEnd(width)}  ${count}`);
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  console.log(`${'total'.padEnd(width)}  ${total}`);
  if (!showSql) return;
  for (const [label, statements] of counted) {
    console.log(`\n== ${label}`);
    for (const statement of statements) console.log(`  ${statement.slice(0, 300)}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
