import { createMemoryUsageFeed, decodeNotices, encodeNotices } from '../../adapters/usage-notifier';
import { usageNoticesOf, type UsageNotice } from '../../services/portal-usage-stream';

const T = Date.UTC(2026, 10, 27, 12, 0, 0);

describe('usage notices', () => {
  test('a batch is one notice per customer with newly recorded events; duplicates are no news', () => {
    expect(
      usageNoticesOf(
        [
          { customerId: 'a', status: 'accepted' },
          { customerId: 'b', status: 'duplicate' },
          { customerId: 'a', status: 'accepted' },
          { customerId: 'c', status: 'accepted' },
        ],
        T,
      ),
    ).toEqual([
      { customerId: 'a', acceptedAtMs: T, count: 2 },
      { customerId: 'c', acceptedAtMs: T, count: 1 },
    ]);
    expect(usageNoticesOf([{ customerId: 'b', status: 'duplicate' }], T)).toEqual([]);
  });

  test('NOTIFY payloads: the worked example, and back', () => {
    const notices: UsageNotice[] = [
      { customerId: 'cus-a', acceptedAtMs: T, count: 3 },
      { customerId: 'cus-b', acceptedAtMs: T, count: 1 },
    ];
    const payloads = encodeNotices(notices);
    expect(payloads).toEqual([`{"t":${T},"c":[["cus-a",3],["cus-b",1]]}`]);
    expect(payloads.flatMap(decodeNotices)).toEqual(notices);
  });

  test('a batch of many customers is split under the 8000-byte NOTIFY limit, nothing lost', () => {
    const notices = Array.from({ length: 2_000 }, (_, i) => ({
      customerId: `customer-with-a-long-id-${String(i).padStart(6, '0')}`,
      acceptedAtMs: T,
      count: i + 1,
    }));
    const payloads = encodeNotices(notices);
    expect(payloads.length).toBeGreaterThan(1);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThan(8_000);
    expect(payloads.flatMap(decodeNotices)).toEqual(notices);
  });

  test.each(['', 'not json', '{"t":"x","c":[]}', '{"t":1,"c":[[1,2]]}', 'null'])(
    'a payload that is not ours yields nothing: %j',
    (payload) => {
      expect(decodeNotices(payload)).toEqual([]);
    },
  );

  test('the in-process feed delivers to the customer’s subscribers only, until they leave', async () => {
    const feed = createMemoryUsageFeed();
    const heard: string[] = [];
    let ended = 0;
    const leaveA = await feed.subscribe(
      'a',
      (n) => heard.push(`a1:${n.count}`),
      () => (ended += 1),
    );
    await feed.subscribe(
      'a',
      (n) => heard.push(`a2:${n.count}`),
      () => (ended += 1),
    );
    await feed.subscribe(
      'b',
      (n) => heard.push(`b:${n.count}`),
      () => (ended += 1),
    );
    expect(feed.subscriberCount()).toEqual(3);
    feed.publish([{ customerId: 'a', acceptedAtMs: T, count: 2 }]);
    await Promise.resolve();
    expect(heard).toEqual(['a1:2', 'a2:2']);
    leaveA();
    expect(feed.subscriberCount()).toEqual(2);
    feed.publish([{ customerId: 'a', acceptedAtMs: T, count: 5 }]);
    await Promise.resolve();
    expect(heard).toEqual(['a1:2', 'a2:2', 'a2:5']);
    await feed.close();
    expect([ended, feed.subscriberCount()]).toEqual([2, 0]);
  });
});
