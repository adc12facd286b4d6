import {
  decideEndpointReplay,
  deliveryTargetState,
  endpointReceives,
  normalizeEventTypes,
} from '../../domain/delivery/webhook-endpoint';

test.each([
  [undefined, []],
  [[], []],
  [
    ['invoice.paid', 'invoice.finalized', 'invoice.paid'],
    ['invoice.finalized', 'invoice.paid'],
  ],
])('event types %j are stored as %j', (given, stored) => {
  expect(normalizeEventTypes(given)).toEqual(stored);
});

const STORED = {
  url: 'https://example.com/hook',
  eventTypes: ['invoice.finalized', 'invoice.paid'],
  secret: 'whsec_stored',
};

test.each([
  [
    'the same url and types, no secret',
    { url: STORED.url, eventTypes: ['invoice.paid', 'invoice.finalized'] },
    'replay',
  ],
  ['the same with the stored secret', { ...STORED }, 'replay'],
  [
    'the same types given twice',
    { url: STORED.url, eventTypes: ['invoice.paid', 'invoice.finalized', 'invoice.paid'] },
    'replay',
  ],
  ['another url', { url: 'https://example.com/other', eventTypes: STORED.eventTypes }, 'conflict'],
  ['other types', { url: STORED.url, eventTypes: ['invoice.paid'] }, 'conflict'],
  ['all types instead of two', { url: STORED.url }, 'conflict'],
  ['another secret', { ...STORED, secret: 'whsec_other' }, 'conflict'],
] as const)('registering again with %s: %s', (_name, requested, decision) => {
  expect(decideEndpointReplay(STORED, requested)).toEqual(decision);
});

test.each([
  [[], 'invoice.voided', true],
  [['invoice.paid'], 'invoice.paid', true],
  [['invoice.paid'], 'invoice.voided', false],
])('an endpoint of %j receives %s: %s', (types, type, receives) => {
  expect(endpointReceives(types, type)).toBe(receives);
});

test.each([
  [{ enabled: true, deleted: false }, 'active'],
  [{ enabled: false, deleted: false }, 'disabled'],
  [{ enabled: false, deleted: true }, 'deleted'],
  [{ enabled: true, deleted: true }, 'deleted'],
] as const)('an endpoint %j is %s for delivery', (endpoint, state) => {
  expect(deliveryTargetState(endpoint)).toBe(state);
});
