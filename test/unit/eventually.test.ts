import { eventually } from '../support/eventually';

describe('eventually (test support)', () => {
  it('returns the first value that is done', async () => {
    let reads = 0;
    const value = await eventually(
      () => Promise.resolve(++reads),
      (n) => n === 3,
    );
    expect(value).toBe(3);
  });

  it('throws when the timeout passes first, naming the last value read', async () => {
    await expect(
      eventually(
        () => Promise.resolve({ lastSequence: 7 }),
        (usage) => usage.lastSequence === 8,
        60,
      ),
    ).rejects.toThrow('eventually: not done after 60 ms; last value read: {"lastSequence":7}');
  });
});
