import type { DeliveryDeps } from '../../adapters/delivery-deps';
import { startFakeErp, type FakeErp } from './fakes/fake-erp';
import { startFakeResend, type FakeResend } from './fakes/fake-resend';

export const TEST_ISSUER: DeliveryDeps['issuer'] = {
  party: {
    name: 'Cloudy Compute GmbH',
    addressLines: ['Friedrichstr. 1', '10117 Berlin'],
    countryCode: 'DE',
    vatId: 'DE123456789',
    email: 'billing@cloudy.example',
  },
  paymentInstructions: {
    iban: 'DE89370400440532013000',
    bic: 'COBADEFFXXX',
    note: 'Please pay by bank transfer quoting the invoice number.',
  },
};
export const RESEND_TEST_KEY = 're_test_key';
export const EMAIL_FROM = 'Cloudy Billing <billing@cloudy.example>';

/** The third parties delivery talks to, as local fakes the real clients reach over HTTP. */
export interface DeliveryFakes {
  resend: FakeResend;
  erp: FakeErp;
  /**
   * Configuration that delivers to these fakes: the environment of a worker process
   * (workers/main.ts), or the config of an in-process runtime (see testConfig).
   */
  workerEnv: Record<string, string>;
  close(): Promise<void>;
}

export async function startDeliveryFakes(): Promise<DeliveryFakes> {
  const [resend, erp] = await Promise.all([startFakeResend(), startFakeErp()]);
  return {
    resend,
    erp,
    workerEnv: {
      RESEND_API_KEY: RESEND_TEST_KEY,
      RESEND_BASE_URL: resend.url,
      EMAIL_FROM,
      ERP_BASE_URL: erp.url,
      // The fakes (and the tests' webhook receivers) listen on 127.0.0.1.
      OUTBOUND_ALLOW_PRIVATE_ADDRESSES: 'true',
      ISSUER_NAME: TEST_ISSUER.party.name,
      ISSUER_ADDRESS: TEST_ISSUER.party.addressLines.join('|'),
      ISSUER_COUNTRY: TEST_ISSUER.party.countryCode,
      ISSUER_VAT_ID: TEST_ISSUER.party.vatId ?? '',
      ISSUER_EMAIL: TEST_ISSUER.party.email ?? '',
      ISSUER_IBAN: TEST_ISSUER.paymentInstructions.iban ?? '',
      ISSUER_BIC: TEST_ISSUER.paymentInstructions.bic ?? '',
      PAYMENT_NOTE: TEST_ISSUER.paymentInstructions.note ?? '',
      PUBLIC_BASE_URL: 'http://billing.test',
      OUTBOX_RELAY_INTERVAL_MS: '500',
    },
    async close() {
      await Promise.all([resend.close(), erp.close()]);
    },
  };
}
