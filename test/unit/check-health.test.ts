import { checkHealth } from '../../services/check-health';

const ok = () => Promise.resolve();
const fails = () => Promise.reject(new Error('connection refused'));
const hangs = () => new Promise<void>(() => undefined);

describe('checkHealth', () => {
  it.each([
    [
      'both answer',
      ok,
      ok,
      { healthy: true, status: 'ok', checks: { database: 'ok', temporal: 'ok' } },
    ],
    [
      'Temporal refuses',
      ok,
      fails,
      {
        healthy: false,
        status: 'unavailable',
        checks: { database: 'ok', temporal: 'connection refused' },
      },
    ],
    [
      'the database does not answer in time',
      hangs,
      ok,
      {
        healthy: false,
        status: 'unavailable',
        checks: { database: 'no answer in 20 ms', temporal: 'ok' },
      },
    ],
  ])('%s', async (_name, pingDatabase, pingTemporal, expected) => {
    expect(await checkHealth({ pingDatabase, pingTemporal, timeoutMs: 20 })).toEqual(expected);
  });
});
