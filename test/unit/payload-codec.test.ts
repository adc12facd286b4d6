import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import {
  COMPRESS_ABOVE_BYTES,
  CompressLargePayloads,
  GZIP_ENCODING,
} from '../../runtime/payload-codec';

const codec = new CompressLargePayloads();
const encodingOf = (payload: Payload): string =>
  new TextDecoder().decode(payload.metadata?.[METADATA_ENCODING_KEY]);

/** A metering state's shape: the same keys and meter on every entry, as continue-as-new carries. */
function timelines(resources: number): unknown {
  return Object.fromEntries(
    Array.from({ length: resources }, (_, r) => [
      JSON.stringify([`vm-${r}`, 'vm.cpu']),
      {
        resourceId: `vm-${r}`,
        meter: 'vm.cpu',
        baseMs: 1_798_761_600_000,
        baseOpen: null,
        entries: [
          { seq: 2 * r + 1, timestampMs: 1_798_761_600_000 + r, type: 'resource.started' },
          { seq: 2 * r + 2, timestampMs: 1_798_765_200_000 + r, type: 'resource.stopped' },
        ],
      },
    ]),
  );
}

describe('CompressLargePayloads', () => {
  test('a payload under the threshold passes as it is, readable in the Temporal UI', async () => {
    const small = defaultPayloadConverter.toPayload({ customerId: 'acme', lastSequence: 7 });
    const [encoded] = await codec.encode([small]);
    expect(encoded).toBe(small);
    expect(encodingOf(encoded as Payload)).toBe('json/plain');
  });

  test('a large state is gzipped, at least fivefold, and decodes to the same value', async () => {
    const state = { metering: { timelines: timelines(5_000) } };
    const payload = defaultPayloadConverter.toPayload(state);
    expect(payload.data?.byteLength).toBeGreaterThan(COMPRESS_ABOVE_BYTES);

    const [encoded] = await codec.encode([payload]);
    expect(encodingOf(encoded as Payload)).toBe(GZIP_ENCODING);
    expect((encoded as Payload).data?.byteLength).toBeLessThan((payload.data?.byteLength ?? 0) / 5);

    const [decoded] = await codec.decode([encoded as Payload]);
    expect(encodingOf(decoded as Payload)).toBe('json/plain');
    expect(defaultPayloadConverter.fromPayload(decoded as Payload)).toEqual(state);
  });

  test('payloads recorded before the codec (no gzip encoding) decode unchanged', async () => {
    const legacy = defaultPayloadConverter.toPayload({ metering: { timelines: timelines(2_000) } });
    const [decoded] = await codec.decode([legacy]);
    expect(decoded).toBe(legacy);
  });

  test('a batch keeps its order, each payload encoded on its own', async () => {
    const payloads = [
      defaultPayloadConverter.toPayload('a'),
      defaultPayloadConverter.toPayload(timelines(1_000)),
      defaultPayloadConverter.toPayload(null),
    ];
    const encoded = await codec.encode(payloads);
    expect(encoded.map(encodingOf)).toEqual(['json/plain', GZIP_ENCODING, 'json/plain']);
    const decoded = await codec.decode(encoded);
    expect(decoded.map((payload) => defaultPayloadConverter.fromPayload(payload))).toEqual([
      'a',
      timelines(1_000),
      null,
    ]);
  });
});
