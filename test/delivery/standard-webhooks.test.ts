import {
  generateWebhookSecret,
  signWebhook,
  verifyWebhook,
  webhookHeaders,
} from '../../adapters/delivery/standard-webhooks';

// The vector of the Standard Webhooks reference implementation (libraries/javascript tests).
const vector = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  msgId: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestampSeconds: 1614265330,
  body: '{"test": 2432232314}',
};
const vectorSignature = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

describe('signWebhook', () => {
  it('matches the Standard Webhooks test vector', () => {
    expect(signWebhook(vector)).toBe(vectorSignature);
  });

  it('accepts the secret without its whsec_ prefix and the body as bytes', () => {
    const secret = vector.secret.slice('whsec_'.length);
    expect(signWebhook({ ...vector, secret, body: Buffer.from(vector.body) })).toBe(
      vectorSignature,
    );
  });

  it('lists one signature per secret while a secret rotates', () => {
    const next = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
    expect(signWebhook({ ...vector, secret: [vector.secret, next] })).toBe(
      `${vectorSignature} ${signWebhook({ ...vector, secret: next })}`,
    );
  });

  it('refuses a timestamp in milliseconds or with a fraction', () => {
    expect(() => signWebhook({ ...vector, timestampSeconds: 1614265330.5 })).toThrow(
      'webhook timestamp must be whole seconds, got 1614265330.5',
    );
  });
});

describe('generateWebhookSecret', () => {
  it('gives whsec_ and 32 random bytes in base64', () => {
    const [first, second] = [generateWebhookSecret(), generateWebhookSecret()];
    expect(first).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(first.slice(6), 'base64')).toHaveLength(32);
    expect(second).not.toBe(first);
  });
});

describe('verifyWebhook', () => {
  const secret = generateWebhookSecret();
  const now = 1_767_225_600;
  const body = '{"type":"invoice.finalized","timestamp":"2026-01-01T00:00:00.000Z","data":{}}';
  const signed = webhookHeaders({ secret, msgId: 'evt_1', timestampSeconds: now, body });
  const verify = (
    headers: Record<string, string>,
    overrides: Partial<{ body: string; secret: string; nowSeconds: number }> = {},
  ) => verifyWebhook({ secret, headers, body, nowSeconds: now, ...overrides });

  it('accepts the test vector', () => {
    const headers = {
      'webhook-id': vector.msgId,
      'webhook-timestamp': String(vector.timestampSeconds),
      'webhook-signature': vectorSignature,
    };
    expect(
      verifyWebhook({
        secret: vector.secret,
        headers,
        body: vector.body,
        nowSeconds: vector.timestampSeconds,
      }),
    ).toBe(true);
  });

  it.each<[string, Record<string, string>, Parameters<typeof verify>[1], boolean]>([
    ['accepts a signed message', signed, {}, true],
    [
      'accepts headers in any case',
      {
        'Webhook-Id': 'evt_1',
        'Webhook-Timestamp': String(now),
        'Webhook-Signature': signed['webhook-signature']!,
      },
      {},
      true,
    ],
    ['accepts a message 300 s old (the tolerance)', signed, { nowSeconds: now + 300 }, true],
    ['refuses a message 301 s old', signed, { nowSeconds: now + 301 }, false],
    ['refuses a message 301 s in the future', signed, { nowSeconds: now - 301 }, false],
    ['refuses a tampered body', signed, { body: body.replace('{}', '{"amount":"0.00"}') }, false],
    ['refuses another webhook-id', { ...signed, 'webhook-id': 'evt_2' }, {}, false],
    ['refuses another timestamp', { ...signed, 'webhook-timestamp': String(now + 1) }, {}, false],
    ['refuses another secret', signed, { secret: generateWebhookSecret() }, false],
    ['refuses a non-numeric timestamp', { ...signed, 'webhook-timestamp': 'soon' }, {}, false],
    [
      'refuses a message without a signature header',
      { 'webhook-id': 'evt_1', 'webhook-timestamp': String(now) },
      {},
      false,
    ],
    [
      'refuses a truncated signature',
      { ...signed, 'webhook-signature': signed['webhook-signature']!.slice(0, 12) },
      {},
      false,
    ],
    [
      'refuses the right signature under v2',
      { ...signed, 'webhook-signature': signed['webhook-signature']!.replace('v1,', 'v2,') },
      {},
      false,
    ],
    [
      'accepts one valid signature among others',
      { ...signed, 'webhook-signature': `v1,AAAA v2,BBBB ${signed['webhook-signature']!}` },
      {},
      true,
    ],
  ])('%s', (_case, headers, overrides, expected) => {
    expect(verify(headers, overrides)).toBe(expected);
  });

  it('verifies with either secret while a secret rotates', () => {
    const next = generateWebhookSecret();
    const headers = webhookHeaders({
      secret: [secret, next],
      msgId: 'evt_1',
      timestampSeconds: now,
      body,
    });
    expect([verify(headers), verify(headers, { secret: next })]).toEqual([true, true]);
  });
});
