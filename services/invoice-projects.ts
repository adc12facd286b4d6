import type { Database } from '../db/client';
import { loadProjects } from '../db/repositories/projects.repository';
import { projectScopeOf, type Principal } from '../domain/principal';
import type { Project } from '../domain/projects/project';

/** What an invoice's view needs to show its project sections, as the principal may see them. */
export interface InvoiceProjectContext {
  projects: Project[];
  /** A project key's project: only its section is shown; null: the whole invoice. */
  scope: string | null;
}

/** The customer's projects (their names head the invoice's sections) and the principal's scope. */
export async function loadInvoiceProjectContext(
  db: Database,
  principal: Principal,
  customerId: string,
): Promise<InvoiceProjectContext> {
  return { projects: await loadProjects(db, customerId), scope: projectScopeOf(principal) };
}
