import type { Database } from '../db/client';
import type { Principal } from '../domain/principal';
import { loadVisibleCustomerPart } from './access';

/** A customer's events were accepted (committed to the ledger): open portals refetch. */
export interface UsageNotice {
  customerId: string;
  acceptedAtMs: number;
  /** Events of the batch newly recorded for this customer (duplicates not counted). */
  count: number;
}

/**
 * Where accepted batches are announced and heard (adapters/usage-notifier.ts: PostgreSQL
 * LISTEN/NOTIFY across API processes, or in memory for one process).
 */
export interface UsageFeed {
  /** Announces notices; best effort, never throws. */
  publish(notices: readonly UsageNotice[]): void;
  /**
   * Calls `notice` for every notice of the customer until the returned function is called;
   * `end` when the feed closes (the process stops). Resolves once notices are heard.
   */
  subscribe(
    customerId: string,
    notice: (n: UsageNotice) => void,
    end: () => void,
  ): Promise<() => void>;
  subscriberCount(): number;
  close(): Promise<void>;
}

/**
 * The notices of an ingested batch, one per customer with newly recorded events. Worked
 * example: [a accepted, a accepted, b duplicate] -> [{a, count 2}] (b's retry changed nothing).
 */
export function usageNoticesOf(
  results: readonly { customerId: string; status: 'accepted' | 'duplicate' }[],
  acceptedAtMs: number,
): UsageNotice[] {
  const counts = new Map<string, number>();
  for (const result of results) {
    if (result.status !== 'accepted') continue;
    counts.set(result.customerId, (counts.get(result.customerId) ?? 0) + 1);
  }
  return [...counts].map(([customerId, count]) => ({ customerId, acceptedAtMs, count }));
}

/**
 * GET /v1/customers/{id}/usage/stream: the customer whose notices the caller may follow
 * (another customer's id is customer_not_found, as everywhere). A project key of the
 * customer may follow it: a notice only says that a batch of the account arrived (its
 * count, no usage or money), and what the page refetches is narrowed to the key's project.
 */
export async function openUsageStream(
  deps: { db: Database },
  principal: Principal,
  customerId: string,
): Promise<{ customerId: string }> {
  const customer = await loadVisibleCustomerPart(deps.db, principal, customerId);
  return { customerId: customer.id };
}
