/**
 * Polls until `done` holds and returns that value. Throws when the timeout passes first,
 * naming the last value read: a condition that never came true is a failure, not a value
 * for the caller to forget to check.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `eventually: not done after ${timeoutMs} ms; last value read: ${describe(value)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The value as JSON, cut to a length a test report can show. */
function describe(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 2_000 ? `${text.slice(0, 2_000)}... (${text.length} characters)` : text;
}
