import { sql } from 'drizzle-orm';
import { saveNewCustomer } from '../../db/repositories/customers.repository';
import { appendEvents } from '../../db/repositories/ledger.repository';
import {
  loadExistingProjectPairs,
  loadProject,
  loadProjectsAfter,
  saveNewProject,
} from '../../db/repositories/projects.repository';
import { foldProjects, type NewEvent } from '../../domain/ingest';
import type { Project } from '../../domain/projects/project';
import { aCustomer } from '../fixtures/builders';
import { databaseEngines, useEngine } from '../support/engines';

const rowsOf = <T>(result: unknown): T[] =>
  (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];

describe.each(databaseEngines)('projects on %s', (_name, open) => {
  const handle = useEngine(open);
  const project = (customerId: string, id: string): Project => ({
    customerId,
    id,
    name: `Project ${id}`,
    team: null,
    costCenter: 'CC-1',
    purchaseOrderReference: null,
  });

  test('a project id is unique per customer; pairs of a batch are checked in one read', async () => {
    const a = await saveNewCustomer(handle.db, aCustomer());
    const b = await saveNewCustomer(handle.db, aCustomer());
    expect(await saveNewProject(handle.db, project(a.id, 'web'))).toEqual(true);
    expect(await saveNewProject(handle.db, project(a.id, 'web'))).toEqual(false);
    expect(await saveNewProject(handle.db, project(b.id, 'web'))).toEqual(true);
    expect(await saveNewProject(handle.db, project(a.id, 'data'))).toEqual(true);
    expect(await loadProject(handle.db, a.id, 'web')).toEqual(project(a.id, 'web'));
    expect(
      (await loadProjectsAfter(handle.db, a.id, { take: 5, after: ['data'] })).map((p) => p.id),
    ).toEqual(['web']);
    const existing = await loadExistingProjectPairs(handle.db, [
      { customerId: a.id, projectId: 'data' },
      { customerId: b.id, projectId: 'data' },
      { customerId: b.id, projectId: 'web' },
    ]);
    expect(existing.map((p) => [p.customerId, p.projectId]).sort()).toEqual(
      [
        [a.id, 'data'],
        [a.id, 'web'],
        [b.id, 'web'],
      ].sort(),
    );
  });

  test("the ledger's project_id is generated from the folded project dimension", async () => {
    const a = await saveNewCustomer(handle.db, aCustomer());
    const event = (id: string, projectId: string | null): NewEvent => ({
      customerId: a.id,
      id,
      type: 'usage.recorded',
      timestampMs: Date.UTC(2026, 10, 24),
      resourceId: 'r',
      meter: 'm',
      dimensions: { region: 'fra1' },
      quantity: '1',
      projectId,
    });
    // The fast path (all new) and the general path (a duplicate) both store it.
    await appendEvents(handle.db, foldProjects([event('e1', 'web'), event('e2', null)]));
    await appendEvents(handle.db, foldProjects([event('e1', 'web'), event('e3', 'data')]));
    const rows = rowsOf<{ event_id: string; project_id: string | null }>(
      await handle.db.execute(
        sql`select event_id, project_id from usage_events where customer_id = ${a.id} order by sequence`,
      ),
    );
    expect(rows).toEqual([
      { event_id: 'e1', project_id: 'web' },
      { event_id: 'e2', project_id: null },
      { event_id: 'e3', project_id: 'data' },
    ]);
  });
});
