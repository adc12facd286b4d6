import { listOperatorCustomers } from '../../services/operator-customers';
import { PAGINATED, pageQuery, pageRequestOf, pageRules } from '../contract/pagination';
import { defineRoute, json } from '../contract/route';
import {
  operatorCustomerListSchema,
  operatorCustomersQuery,
  operatorCustomerView,
} from '../schemas/portal';

/** The operator's view of the portal: every customer, searchable, with links to its views. */
export const operatorRoutes = [
  defineRoute({
    method: 'get',
    path: '/v1/operator/customers',
    tag: 'Portal',
    summary: 'Customers with their status, cost so far and open amount, searchable',
    description:
      '`search` matches the name or email (contains, any case) or the start of the id. ' +
      "`accrued` is the current period's cost so far from the live workflow, null when it " +
      'does not answer within 2 s (Temporal down); everything else comes from the database. ' +
      PAGINATED,
    access: 'operator',
    query: pageQuery.extend(operatorCustomersQuery.shape),
    statedRules: pageRules,
    responses: {
      200: { description: 'The customers, in id order', schema: operatorCustomerListSchema },
    },
    handle: async ({ query, principal }, deps) => {
      const page = await listOperatorCustomers(
        { db: deps.database.db, cycles: deps.cycles, now: deps.now, portal: deps.portal },
        principal,
        {
          ...pageRequestOf(query),
          ...(query.search === undefined ? {} : { search: query.search }),
        },
      );
      return json(200, { data: page.items.map(operatorCustomerView), nextCursor: page.nextCursor });
    },
  }),
];
