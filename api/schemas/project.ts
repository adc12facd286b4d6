import { z } from 'zod';
import type { Project } from '../../domain/projects/project';
import { nextCursorSchema } from '../contract/pagination';
import { idSchema } from './ids';
import { text } from './text';

/** POST /v1/customers/{id}/projects: the customer comes from the path. */
export const projectRequestSchema = z
  .strictObject({
    id: idSchema.meta({ description: 'Unique per customer; events name it as projectId' }),
    name: text(256),
    team: text(256).optional(),
    costCenter: text(128).optional().meta({
      description: "Printed on each of the project's e-invoice lines (EN 16931 BT-133)",
    }),
    purchaseOrderReference: text(128).optional().meta({
      description: "The buyer's purchase order for the project's charges (EN 16931 BT-13)",
    }),
  })
  .meta({ id: 'ProjectRequest' });

export const projectViewSchema = z
  .strictObject({
    id: z.string(),
    customerId: z.string(),
    name: z.string(),
    team: z.string().nullable(),
    costCenter: z.string().nullable(),
    purchaseOrderReference: z.string().nullable(),
  })
  .meta({ id: 'Project' });

export const projectListSchema = z.strictObject({
  data: z.array(projectViewSchema),
  nextCursor: nextCursorSchema,
});

export function toProject(
  customerId: string,
  body: z.output<typeof projectRequestSchema>,
): Project {
  return {
    customerId,
    id: body.id,
    name: body.name,
    team: body.team ?? null,
    costCenter: body.costCenter ?? null,
    purchaseOrderReference: body.purchaseOrderReference ?? null,
  };
}

export function projectView(project: Project): z.output<typeof projectViewSchema> {
  return {
    id: project.id,
    customerId: project.customerId,
    name: project.name,
    team: project.team,
    costCenter: project.costCenter,
    purchaseOrderReference: project.purchaseOrderReference,
  };
}
