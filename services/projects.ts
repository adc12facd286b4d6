import type { Database } from '../db/client';
import {
  loadProject,
  loadProjectsAfter,
  saveNewProject,
} from '../db/repositories/projects.repository';
import { BillingError } from '../domain/errors';
import { decideCreate } from '../domain/idempotent-create';
import { decodeCursor, pageOf, type Page, type PageRequest } from '../domain/pagination';
import type { Principal } from '../domain/principal';
import type { Project } from '../domain/projects/project';
import { loadVisibleCustomer, loadVisibleCustomerPart, mayReadProject } from './access';
import { RACED, retryOnceIfRaced } from './raced';

/**
 * Creates a project of a customer, idempotent by id: the same fields again answer the stored
 * project (created: false); other fields are a 409 (projects are immutable: invoices print
 * them).
 */
export async function createProject(
  db: Database,
  principal: Principal,
  requested: Project,
): Promise<{ project: Project; created: boolean }> {
  await loadVisibleCustomer(db, principal, requested.customerId);
  return retryOnceIfRaced(async () => {
    const existing = await loadProject(db, requested.customerId, requested.id);
    switch (decideCreate(existing, requested)) {
      case 'conflict':
        throw new BillingError(
          'project_exists',
          `project ${requested.id} of customer ${requested.customerId} exists with other fields`,
          { details: [{ field: 'id', message: 'already exists with other fields' }] },
        );
      case 'replay':
        return { project: existing as Project, created: false };
      case 'create':
        return (await saveNewProject(db, requested))
          ? { project: requested, created: true }
          : RACED;
    }
  });
}

/** One project, if the principal may see it; otherwise project_not_found. */
export async function getProject(
  db: Database,
  principal: Principal,
  customerId: string,
  projectId: string,
): Promise<Project> {
  await loadVisibleCustomerPart(db, principal, customerId);
  const project = mayReadProject(principal, projectId)
    ? await loadProject(db, customerId, projectId)
    : null;
  if (!project) throw new BillingError('project_not_found', `no project ${projectId}`);
  return project;
}

/** A page of the customer's projects by id (a project key sees its own project only). */
export async function listProjects(
  db: Database,
  principal: Principal,
  customerId: string,
  page: PageRequest,
): Promise<Page<Project>> {
  await loadVisibleCustomerPart(db, principal, customerId);
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, ['string']);
  const rows = await loadProjectsAfter(db, customerId, { take: page.limit + 1, after });
  const visible = rows.filter((project) => mayReadProject(principal, project.id));
  return pageOf(visible, page.limit, (project) => [project.id]);
}
