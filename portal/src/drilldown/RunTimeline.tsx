import type { Run } from '../http/types';
import type { PortalFormat } from '../format';

const percent = (value: number): string => `${(value * 100).toFixed(3)}%`;

/**
 * The resource's runs on one time axis: a row per run, its segments (one per resize) as
 * blocks whose width is their share of the axis. Every block says what it is in its
 * accessible label; the table below has the exact figures.
 */
export function RunTimeline({
  runs,
  format,
  nowMs,
}: {
  runs: Run[];
  format: PortalFormat;
  nowMs: number;
}) {
  if (runs.length === 0) return null;
  const endOf = (run: Run) => (run.stop === null ? nowMs : Date.parse(run.stop));
  const axisStart = Math.min(...runs.map((run) => Date.parse(run.start)));
  const axisEnd = Math.max(axisStart + 1, ...runs.map(endOf));
  const span = axisEnd - axisStart;
  const position = (ms: number) => (ms - axisStart) / span;

  return (
    <figure className="timeline" aria-label="Runs on a timeline">
      <div className="timeline-axis" aria-hidden="true">
        <span>{format.dateTime(new Date(axisStart).toISOString())}</span>
        <span>{format.dateTime(new Date(axisEnd).toISOString())}</span>
      </div>
      <ol className="timeline-rows">
        {runs.map((run, index) => {
          const left = position(Date.parse(run.start));
          const width = Math.max(position(endOf(run)) - left, 0.004);
          return (
            <li key={run.runId} className="timeline-row">
              <span className="timeline-label" title={run.runId}>
                Run {index + 1}
              </span>
              <div className="timeline-track">
                <div
                  className={`timeline-run${run.stop === null ? ' running' : ''}`}
                  style={{ left: percent(left), width: percent(width) }}
                >
                  {run.segments.map((segment, index) => {
                    const runSpan = Math.max(endOf(run) - Date.parse(run.start), 1);
                    const segmentEnd = Math.min(Date.parse(segment.end), endOf(run));
                    const share = (segmentEnd - Date.parse(segment.start)) / runSpan;
                    const label = `${format.dateTime(segment.start)} – ${format.dateTime(segment.end)}: ${format.quantity(segment.quantity)} × ${format.duration(segment.seconds)}, ${format.preciseAmount(segment.cost)}`;
                    return (
                      <span
                        key={`${segment.start}-${index}`}
                        className={`timeline-segment tone-${index % 4}`}
                        style={{ width: percent(Math.max(share, 0)) }}
                        title={label}
                        aria-label={label}
                        role="img"
                      >
                        {run.segments.length > 1 && share > 0.08 && (
                          <span aria-hidden="true">{format.quantity(segment.quantity)}</span>
                        )}
                      </span>
                    );
                  })}
                </div>
              </div>
            </li>
          );
        })}
      </ol>
      <figcaption className="muted">
        Each bar is a run; its blocks are the segments between resizes. Open runs reach to now.
      </figcaption>
    </figure>
  );
}
