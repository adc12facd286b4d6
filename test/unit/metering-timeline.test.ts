import {
  compactTimeline,
  createTimeline,
  insertEntry,
  replayTimeline,
  type ReplayResult,
  type Segment,
  type Timeline,
  type TimelineEntry,
} from '../../domain/metering';
import type { Dimensions, LifecycleEventType } from '../../domain/events';

// Times are in seconds after the timeline base (0), so expected segments read directly:
// a run started at 10 s and stopped at 70 s is the segment [10 000 ms, 70 000 ms).
const S = 1000;
const NO_ANOMALIES = { duplicateStarts: 0, stopsWithoutRun: 0, updatesWithoutRun: 0 };

type Kind = 'start' | 'stop' | 'update';
const TYPE: Record<Kind, LifecycleEventType> = {
  start: 'resource.started',
  stop: 'resource.stopped',
  update: 'resource.updated',
};

/** [kind, seconds, seq, dimensions?, quantity?]; omitted attributes are null (not given). */
type Row = [Kind, number, number, Dimensions?, string?];

function entry([kind, seconds, seq, dimensions, quantity]: Row): TimelineEntry {
  return {
    seq,
    timestampMs: seconds * S,
    type: TYPE[kind],
    dimensions: dimensions ?? null,
    quantity: quantity ?? null,
  };
}

/** A timeline built by inserting the rows in the given (arrival) order. */
function timeline(rows: Row[], baseMs = 0): Timeline {
  const result = createTimeline('vm-1', 'compute.vm', baseMs);
  for (const row of rows) insertEntry(result, entry(row));
  return result;
}

/** A segment; `runStartS` is where its run started (defaults to the segment's own start). */
const seg = (
  fromS: number,
  toS: number,
  dimensions: Dimensions = {},
  quantity = '1',
  runStartS = fromS,
): Segment => ({
  attributes: { dimensions, quantity },
  fromMs: fromS * S,
  toMs: toS * S,
  runStartMs: runStartS * S,
});

/** All orders of a small list (arrival orders of the same events). */
function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [
      item,
      ...rest,
    ]),
  );
}

describe('insertEntry', () => {
  it('keeps entries sorted by (timestamp, seq) whatever the arrival order', () => {
    const result = timeline([
      ['stop', 30, 4],
      ['start', 10, 1],
      ['update', 20, 3],
      ['start', 20, 2],
      ['stop', 10, 5],
    ]);
    expect(result.entries.map((e) => [e.timestampMs / S, e.seq])).toEqual([
      [10, 1],
      [10, 5],
      [20, 2],
      [20, 3],
      [30, 4],
    ]);
  });
});

describe('replayTimeline', () => {
  it('a start and a stop give one segment and one run', () => {
    expect(
      replayTimeline(
        timeline([
          ['start', 10, 1],
          ['stop', 70, 2],
        ]),
        1000 * S,
      ),
    ).toEqual<ReplayResult>({
      segments: [seg(10, 70)],
      runStarts: [{ atMs: 10 * S, attributes: { dimensions: {}, quantity: '1' } }],
      open: null,
      openSinceMs: null,
      openRunStartMs: null,
      anomalies: NO_ANOMALIES,
    });
  });

  it('an open run is counted up to untilMs and reported open', () => {
    const attributes = { dimensions: { size: 'm' }, quantity: '2' };
    expect(
      replayTimeline(timeline([['start', 10, 1, { size: 'm' }, '2']]), 25 * S),
    ).toEqual<ReplayResult>({
      segments: [seg(10, 25, { size: 'm' }, '2')],
      runStarts: [{ atMs: 10 * S, attributes }],
      open: attributes,
      openSinceMs: 10 * S,
      openRunStartMs: 10 * S,
      anomalies: NO_ANOMALIES,
    });
  });

  it('ignores events at or after untilMs (a stop exactly at untilMs is not yet applied)', () => {
    const result = replayTimeline(
      timeline([
        ['start', 10, 1],
        ['stop', 20, 2],
      ]),
      20 * S,
    );
    expect([result.segments, result.open, result.openSinceMs]).toEqual([
      [seg(10, 20)],
      { dimensions: {}, quantity: '1' },
      10 * S,
    ]);
  });

  it('starts from the base state: a run open at the base is billed from baseMs', () => {
    const base = timeline([['stop', 130, 9]], 100 * S);
    base.baseOpen = { dimensions: { size: 'l' }, quantity: '4' };
    const result = replayTimeline(base, 1000 * S);
    expect([result.segments, result.runStarts, result.open]).toEqual([
      [seg(100, 130, { size: 'l' }, '4')],
      [],
      null,
    ]);
  });

  // An update (or a start with other attributes) while running is a resize: the run goes on,
  // its seconds are split between the attribute groups, and no new run is counted.
  // prettier-ignore
  it.each<[string, Row[], Segment[]]>([
    ['update changes dimensions and quantity', [['start', 0, 1, { size: 's' }, '2'], ['update', 30, 2, { size: 'l' }, '4'], ['stop', 90, 3]],
      [seg(0, 30, { size: 's' }, '2'), seg(30, 90, { size: 'l' }, '4', 0)]],
    ['update without quantity keeps the quantity', [['start', 0, 1, { size: 's' }, '2'], ['update', 30, 2, { size: 'l' }], ['stop', 90, 3]],
      [seg(0, 30, { size: 's' }, '2'), seg(30, 90, { size: 'l' }, '2', 0)]],
    ['update without dimensions keeps the dimensions', [['start', 0, 1, { size: 's' }, '2'], ['update', 30, 2, undefined, '8'], ['stop', 90, 3]],
      [seg(0, 30, { size: 's' }, '2'), seg(30, 90, { size: 's' }, '8', 0)]],
    ['two updates', [['start', 0, 1], ['update', 10, 2, { zone: 'a' }], ['update', 25, 3, undefined, '3'], ['stop', 40, 4]],
      [seg(0, 10), seg(10, 25, { zone: 'a' }, '1', 0), seg(25, 40, { zone: 'a' }, '3', 0)]],
    ['start with other dimensions is a resize', [['start', 0, 1, { size: 's' }], ['start', 45, 2, { size: 'l' }], ['stop', 60, 3]],
      [seg(0, 45, { size: 's' }), seg(45, 60, { size: 'l' }, '1', 0)]],
    ['start with another quantity is a resize', [['start', 0, 1, {}, '100'], ['start', 45, 2, {}, '200'], ['stop', 60, 3]],
      [seg(0, 45, {}, '100'), seg(45, 60, {}, '200', 0)]],
    ['start without attributes after a sized start resets to the defaults', [['start', 0, 1, { size: 's' }, '5'], ['start', 45, 2], ['stop', 60, 3]],
      [seg(0, 45, { size: 's' }, '5'), seg(45, 60, {}, '1', 0)]],
  ])('resize: %s', (_name, rows, segments) => {
    const result = replayTimeline(timeline(rows), 1000 * S);
    expect(result.segments).toEqual(segments);
    expect(result.runStarts).toEqual([{ atMs: 0, attributes: segments[0]?.attributes }]);
    expect(result.anomalies).toEqual(NO_ANOMALIES);
    expect(result.open).toBeNull();
  });

  // prettier-ignore
  it.each<[string, Row[], Segment[], number]>([
    ['same attributes', [['start', 0, 1, { size: 's' }, '2'], ['start', 20, 2, { size: 's' }, '2'], ['stop', 60, 3]], [seg(0, 60, { size: 's' }, '2')], 0],
    ['same dimensions in another key order', [['start', 0, 1, { a: '1', b: '2' }], ['start', 20, 2, { b: '2', a: '1' }], ['stop', 60, 3]], [seg(0, 60, { a: '1', b: '2' })], 0],
    ['defaults given explicitly', [['start', 0, 1], ['start', 20, 2, {}, '1'], ['stop', 60, 3]], [seg(0, 60)], 0],
    ['twice', [['start', 0, 1], ['start', 20, 2], ['start', 40, 3], ['stop', 60, 4]], [seg(0, 60)], 0],
  ])('a duplicate start (%s) is a no-op counted as an anomaly', (_name, rows, segments, startS) => {
    const result = replayTimeline(timeline(rows), 1000 * S);
    expect(result.segments).toEqual(segments);
    expect(result.runStarts.map((start) => start.atMs)).toEqual([startS * S]);
    expect(result.anomalies).toEqual({ ...NO_ANOMALIES, duplicateStarts: rows.length - 2 });
  });

  // Every arrival order of start@10, update@40, stop@70 (stop-before-start included) replays to
  // the same result: 10..40 with size s, 40..70 with size l.
  const orders = permutations<Row>([
    ['start', 10, 1, { size: 's' }],
    ['update', 40, 2, { size: 'l' }],
    ['stop', 70, 3],
  ]);
  it.each(
    orders.map((rows): [string, Row[]] => [
      rows.map(([kind, at]) => `${kind}@${at}`).join(', '),
      rows,
    ]),
  )('arrival order %s gives the same replay', (_order, rows) => {
    expect(replayTimeline(timeline(rows), 1000 * S)).toEqual<ReplayResult>({
      segments: [seg(10, 40, { size: 's' }), seg(40, 70, { size: 'l' }, '1', 10)],
      runStarts: [{ atMs: 10 * S, attributes: { dimensions: { size: 's' }, quantity: '1' } }],
      open: null,
      openSinceMs: null,
      openRunStartMs: null,
      anomalies: NO_ANOMALIES,
    });
  });

  // prettier-ignore
  it.each<[string, Row[], Segment[], ReplayResult['anomalies']]>([
    ['stop without start', [['stop', 10, 1]], [], { ...NO_ANOMALIES, stopsWithoutRun: 1 }],
    ['second stop', [['start', 0, 1], ['stop', 10, 2], ['stop', 20, 3]], [seg(0, 10)], { ...NO_ANOMALIES, stopsWithoutRun: 1 }],
    ['stop before start (by timestamp)', [['start', 20, 2], ['stop', 10, 1]], [seg(20, 1000)], { ...NO_ANOMALIES, stopsWithoutRun: 1 }],
    ['update without run', [['update', 10, 1, { size: 'l' }, '9']], [], { ...NO_ANOMALIES, updatesWithoutRun: 1 }],
    ['update after stop', [['start', 0, 1], ['stop', 10, 2], ['update', 20, 3, { size: 'l' }]], [seg(0, 10)], { ...NO_ANOMALIES, updatesWithoutRun: 1 }],
  ])('%s changes nothing and is counted as an anomaly', (_name, rows, segments, anomalies) => {
    const result = replayTimeline(timeline(rows), 1000 * S);
    expect(result.segments).toEqual(segments);
    expect(result.anomalies).toEqual(anomalies);
  });

  it('an update without a run does not open one: a later start uses its own attributes', () => {
    const result = replayTimeline(
      timeline([
        ['update', 5, 1, { size: 'l' }, '9'],
        ['start', 10, 2],
        ['stop', 20, 3],
      ]),
      1000 * S,
    );
    expect(result.segments).toEqual([seg(10, 20)]);
  });

  it('a zero-length run (start and stop at the same instant) counts as a run with no time', () => {
    const result = replayTimeline(
      timeline([
        ['stop', 10, 2],
        ['start', 10, 1],
      ]),
      1000 * S,
    );
    expect(result).toEqual<ReplayResult>({
      segments: [],
      runStarts: [{ atMs: 10 * S, attributes: { dimensions: {}, quantity: '1' } }],
      open: null,
      openSinceMs: null,
      openRunStartMs: null,
      anomalies: NO_ANOMALIES,
    });
  });

  // At one timestamp, seq decides. Running since 0; at 50 s a stop and a start arrive.
  // stop (seq 2) then start (seq 3): the run ends at 50 and a new run starts at 50.
  // start (seq 2) then stop (seq 3): the start is a duplicate, then the run stops at 50.
  // prettier-ignore
  it.each<[string, Row[], Pick<ReplayResult, 'segments' | 'open'> & { runs: number[]; duplicates: number }]>([
    ['stop first', [['stop', 50, 2], ['start', 50, 3], ['start', 0, 1]],
      { segments: [seg(0, 50), seg(50, 80)], open: { dimensions: {}, quantity: '1' }, runs: [0, 50 * S], duplicates: 0 }],
    ['start first', [['stop', 50, 3], ['start', 50, 2], ['start', 0, 1]],
      { segments: [seg(0, 50)], open: null, runs: [0], duplicates: 1 }],
    ['resize then update at the same instant', [['update', 50, 3, undefined, '7'], ['start', 50, 2, { size: 'l' }], ['start', 0, 1]],
      { segments: [seg(0, 50), seg(50, 80, { size: 'l' }, '7', 0)], open: { dimensions: { size: 'l' }, quantity: '7' }, runs: [0], duplicates: 0 }],
  ])('same timestamp ordered by seq: %s', (_name, rows, expected) => {
    const result = replayTimeline(timeline(rows), 80 * S);
    expect(result.segments).toEqual(expected.segments);
    expect(result.open).toEqual(expected.open);
    expect(result.runStarts.map((start) => start.atMs)).toEqual(expected.runs);
    expect(result.anomalies.duplicateStarts).toEqual(expected.duplicates);
  });
});

describe('compactTimeline', () => {
  // start s@10, start s@20 (duplicate), update l/3@40, stop@70, update@80 (no run),
  // start@90, stop@90 (zero-length), start m@100 (open).
  const rows: Row[] = [
    ['start', 10, 1, { size: 's' }],
    ['start', 20, 2, { size: 's' }],
    ['update', 40, 3, { size: 'l' }, '3'],
    ['stop', 70, 4],
    ['update', 80, 5],
    ['start', 90, 6],
    ['stop', 90, 7],
    ['start', 100, 8, { size: 'm' }],
  ];
  const UNTIL = 200 * S;

  /** The part of the usage from `fromMs` on. */
  function from(result: ReplayResult, fromMs: number) {
    return {
      segments: result.segments
        .filter((s) => s.toMs > fromMs)
        .map((s) => ({ ...s, fromMs: Math.max(s.fromMs, fromMs) })),
      runStarts: result.runStarts.filter((start) => start.atMs >= fromMs),
      open: result.open,
    };
  }

  // prettier-ignore
  it.each<[number, RunAttributesOrNull, number]>([
    [5, null, 8],                                  // before every event: nothing folded
    [10, null, 8],                                 // at the first event: it stays an entry
    [15, { dimensions: { size: 's' }, quantity: '1' }, 7],
    [40, { dimensions: { size: 's' }, quantity: '1' }, 6],
    [55, { dimensions: { size: 'l' }, quantity: '3' }, 5],
    [75, null, 4],
    [95, null, 1],
    [150, { dimensions: { size: 'm' }, quantity: '1' }, 0],
  ])('at %d s keeps every later segment, run start and the open run', (horizonS, baseOpen, entriesLeft) => {
    const full = timeline(rows);
    const compacted = timeline(rows);
    compactTimeline(compacted, horizonS * S);
    expect([compacted.baseMs, compacted.baseOpen, compacted.entries.length]).toEqual([horizonS * S, baseOpen, entriesLeft]);
    expect(from(replayTimeline(compacted, UNTIL), horizonS * S)).toEqual(from(replayTimeline(full, UNTIL), horizonS * S));
    // The same holds for events arriving after the compaction.
    for (const late of [full, compacted]) insertEntry(late, entry(['stop', 160, 9]));
    expect(from(replayTimeline(compacted, UNTIL), horizonS * S)).toEqual(from(replayTimeline(full, UNTIL), horizonS * S));
  });

  it('a duplicate start after the horizon stays a duplicate (the base keeps the attributes)', () => {
    const compacted = timeline([['start', 10, 1, { size: 's' }, '2']]);
    compactTimeline(compacted, 50 * S);
    insertEntry(compacted, entry(['start', 60, 2, { size: 's' }, '2']));
    const result = replayTimeline(compacted, 100 * S);
    expect([result.segments, result.runStarts, result.anomalies]).toEqual([
      [seg(50, 100, { size: 's' }, '2', 10)],
      [],
      { ...NO_ANOMALIES, duplicateStarts: 1 },
    ]);
  });

  it('does nothing for a horizon at or before the base', () => {
    const compacted = timeline([['start', 10, 1]], 100 * S);
    compacted.baseOpen = { dimensions: {}, quantity: '5' };
    const before = structuredClone(compacted);
    compactTimeline(compacted, 100 * S);
    compactTimeline(compacted, 50 * S);
    expect(compacted).toEqual(before);
  });
});

type RunAttributesOrNull = ReplayResult['open'];
