const TIMEOUT_MS = 2_000;

export interface HealthDeps {
  pingDatabase: () => Promise<void>;
  pingTemporal: () => Promise<void>;
  /** How long a probe may take before it counts as failed. */
  timeoutMs?: number;
}

export interface Health {
  healthy: boolean;
  status: 'ok' | 'unavailable';
  /** "ok", or why the dependency failed. */
  checks: { database: string; temporal: string };
}

async function probe(ping: () => Promise<void>, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([ping(), timeout]);
    return 'ok';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}

/** Healthy when the database and Temporal both answer in time; otherwise names the failing part. */
export async function checkHealth(deps: HealthDeps): Promise<Health> {
  const timeoutMs = deps.timeoutMs ?? TIMEOUT_MS;
  const [database, temporal] = await Promise.all([
    probe(deps.pingDatabase, timeoutMs),
    probe(deps.pingTemporal, timeoutMs),
  ]);
  const healthy = database === 'ok' && temporal === 'ok';
  return { healthy, status: healthy ? 'ok' : 'unavailable', checks: { database, temporal } };
}
