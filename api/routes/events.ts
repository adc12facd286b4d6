import { Router } from 'express';
import { loadCustomers } from '../../db/repositories/customers.repository';
import { appendEvents } from '../../db/repositories/ledger.repository';
import type { Customer } from '../../domain/customer';
import { BillingError } from '../../domain/errors';
import type { LedgerEvent } from '../../domain/events';
import { requireOperator } from '../auth';
import type { ApiDeps } from '../deps';
import { parseEventBatch, unknownCustomerIssues } from '../schemas/event-batch';

export function eventsRouter({ database, forwarder, now, eventRules }: ApiDeps): Router {
  const router = Router();

  /** Validate whole, ledger in one transaction, answer after commit, forward coalesced. */
  router.post('/v1/events', async (req, res) => {
    requireOperator(res);
    const parsed = parseEventBatch(req.body, { nowMs: now(), ...eventRules });
    if (!parsed.ok) throw invalidEvents(parsed.issues);
    const customers = await loadCustomers(database.db, [
      ...new Set(parsed.events.map((e) => e.customerId)),
    ]);
    const unknown = unknownCustomerIssues(parsed.events, customers);
    if (unknown.length > 0) throw invalidEvents(unknown);

    const results = await appendEvents(database.db, parsed.events);

    const byCustomer = new Map<string, LedgerEvent[]>();
    for (const result of results) {
      const list = byCustomer.get(result.customerId) ?? [];
      list.push(result.event);
      byCustomer.set(result.customerId, list);
    }
    for (const [customerId, events] of byCustomer) {
      forwarder.enqueue(customers.get(customerId) as Customer, events);
    }
    res.status(202).json({ results: results.map((r) => ({ id: r.event.id, status: r.status })) });
  });

  return router;
}

function invalidEvents(details: unknown[]): BillingError {
  return new BillingError('invalid_events', 'the batch was rejected; no event of it was recorded', {
    details,
  });
}
