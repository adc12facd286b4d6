import { useEffect, useRef, useState } from 'react';
import { request } from './http/client';

/**
 * Rereads after a notice: at once, then three more times. The notice leaves at the ledger
 * commit; the billing workflow applies the batch a forwarding window (FORWARD_WINDOW_MS,
 * 50 ms) and a workflow task later, so the first read may not include it yet; on a loaded
 * host that can take a second. A newer notice replaces the pending rereads.
 */
const FOLLOW_UPS_MS = [150, 500, 1500];

export type StreamState = 'connecting' | 'live' | 'off';

/**
 * Subscribes to the customer's usage stream (Server-Sent Events, the session cookie
 * authenticates it) and calls `onUsage` when an event batch was accepted. The
 * page refetches at once and shortly after (FOLLOW_UPS_MS).
 */
export function useUsageStream(apiBase: string, onUsage: () => void): StreamState {
  const [state, setState] = useState<StreamState>('connecting');
  const callback = useRef(onUsage);
  callback.current = onUsage;

  useEffect(() => {
    const source = new EventSource(`${apiBase}/usage/stream`, { withCredentials: true });
    let followUps: number[] = [];
    source.onopen = () => setState('live');
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) {
        setState('connecting');
        return;
      }
      setState('off');
      // The stream is refused when the session ended: asking who is signed in lets the app
      // show "session expired" at once instead of at the next click.
      request('/v1/portal/me').catch(() => undefined);
    };
    source.addEventListener('usage', () => {
      setState('live');
      callback.current();
      followUps.forEach((timer) => window.clearTimeout(timer));
      followUps = FOLLOW_UPS_MS.map((ms) => window.setTimeout(() => callback.current(), ms));
    });
    return () => {
      followUps.forEach((timer) => window.clearTimeout(timer));
      source.close();
    };
  }, [apiBase]);

  return state;
}

export function LiveMark({ state }: { state: StreamState }) {
  const label = { connecting: 'Connecting…', live: 'Live', off: 'Live updates off' }[state];
  return (
    <span className={`live-mark live-${state}`} role="status">
      {label}
    </span>
  );
}
