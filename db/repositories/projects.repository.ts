import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Project } from '../../domain/projects/project';
import type { Database } from '../client';
import { afterKey } from '../keyset';
import { apiKeys, projects } from '../schema';

type ProjectRow = typeof projects.$inferSelect;

function toProject(row: ProjectRow): Project {
  return {
    customerId: row.customerId,
    id: row.id,
    name: row.name,
    team: row.team,
    costCenter: row.costCenter,
    purchaseOrderReference: row.purchaseOrderReference,
  };
}

/** Inserts a project; false when the customer already has one with that id (nothing written). */
export async function saveNewProject(db: Database, project: Project): Promise<boolean> {
  const inserted = await db
    .insert(projects)
    .values(project)
    .onConflictDoNothing()
    .returning({ id: projects.id });
  return inserted.length === 1;
}

export async function loadProject(
  db: Database,
  customerId: string,
  projectId: string,
): Promise<Project | null> {
  const rows = await db
    .select()
    .from(projects)
    .where(and(eq(projects.customerId, customerId), eq(projects.id, projectId)));
  return rows[0] ? toProject(rows[0]) : null;
}

/** A customer's projects, by id. */
export async function loadProjects(db: Database, customerId: string): Promise<Project[]> {
  const rows = await db
    .select()
    .from(projects)
    .where(eq(projects.customerId, customerId))
    .orderBy(asc(projects.id));
  return rows.map(toProject);
}

/** A page of a customer's projects by id, after a key (keyset). */
export async function loadProjectsAfter(
  db: Database,
  customerId: string,
  page: { take: number; after?: readonly [string] },
): Promise<Project[]> {
  const rows = await db
    .select()
    .from(projects)
    .where(
      and(
        eq(projects.customerId, customerId),
        page.after ? afterKey([projects.id], page.after) : undefined,
      ),
    )
    .orderBy(asc(projects.id))
    .limit(page.take);
  return rows.map(toProject);
}

/** Which of these (customer, project) pairs exist: one query for a whole event batch. */
export async function loadExistingProjectPairs(
  db: Database,
  pairs: readonly { customerId: string; projectId: string }[],
): Promise<{ customerId: string; projectId: string }[]> {
  if (pairs.length === 0) return [];
  const customerIds = [...new Set(pairs.map((p) => p.customerId))];
  const projectIds = [...new Set(pairs.map((p) => p.projectId))];
  const rows = await db
    .select({ customerId: projects.customerId, projectId: projects.id })
    .from(projects)
    .where(and(inArray(projects.customerId, customerIds), inArray(projects.id, projectIds)));
  return rows;
}

/** Confines a customer key to one project (set once, when the key is issued). */
export async function scopeApiKeyToProject(
  db: Database,
  keyId: string,
  projectId: string,
): Promise<void> {
  await db.update(apiKeys).set({ projectId }).where(eq(apiKeys.id, keyId));
}
