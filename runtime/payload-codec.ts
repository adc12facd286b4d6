import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import {
  METADATA_ENCODING_KEY,
  type DataConverter,
  type Payload,
  type PayloadCodec,
} from '@temporalio/common';
import { temporal } from '@temporalio/proto';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export const GZIP_ENCODING = 'binary/gzip';
/** Below this a payload stays as it is, readable in the Temporal UI without a codec server. */
export const COMPRESS_ABOVE_BYTES = 32 * 1024;

const gzipEncoding = new TextEncoder().encode(GZIP_ENCODING);
const { Payload: PayloadMessage } = temporal.api.common.v1;

function isGzipped(payload: Payload): boolean {
  const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
  return encoding !== undefined && new TextDecoder().decode(encoding) === GZIP_ENCODING;
}

/**
 * Gzips large payloads: the billing cycle's continue-as-new input (its period's metering
 * state: timelines of every resource, about 300 bytes a resource and 200 a run before
 * compression) and big live-usage query results. Temporal refuses a payload over its blob
 * limit (2 MiB by default in production; the dev server's gRPC limit is 4 MiB), and a refused
 * continue-as-new leaves the cycle stuck, applying nothing. The JSON is repetitive (the same
 * keys, meters and dimensions on every entry), so it shrinks about tenfold: BENCHMARKS.md.
 *
 * The whole payload (metadata and data) is the gzipped message, so decoding gives back the
 * original exactly. Payloads recorded without the codec have no gzip encoding and pass
 * through, so histories from before replay unchanged.
 */
export class CompressLargePayloads implements PayloadCodec {
  constructor(private readonly thresholdBytes = COMPRESS_ABOVE_BYTES) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.all(
      payloads.map(async (payload) => {
        if ((payload.data?.byteLength ?? 0) < this.thresholdBytes) return payload;
        const message = PayloadMessage.encode(payload).finish();
        return {
          metadata: { [METADATA_ENCODING_KEY]: gzipEncoding },
          data: await gzipAsync(message),
        };
      }),
    );
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.all(
      payloads.map(async (payload) => {
        if (!isGzipped(payload) || !payload.data) return payload;
        return PayloadMessage.decode(await gunzipAsync(payload.data));
      }),
    );
  }
}

/** Every client and worker of the stack uses this converter: they must agree on the codec. */
export const dataConverter: DataConverter = { payloadCodecs: [new CompressLargePayloads()] };
