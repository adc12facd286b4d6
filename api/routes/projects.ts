import { z } from 'zod';
import { createProject, getProject, listProjects } from '../../services/projects';
import { PAGINATED, pageQuery, pageRequestOf, pageRules } from '../contract/pagination';
import { defineRoute, json } from '../contract/route';
import {
  projectListSchema,
  projectRequestSchema,
  projectView,
  projectViewSchema,
  toProject,
} from '../schemas/project';

/** Projects (teams) under one customer account: one central invoice, per-project sections. */
export const projectRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/customers/{id}/projects',
    tag: 'Projects',
    summary: 'Create a project of the customer (idempotent by id)',
    description:
      'Events may then carry its id as `projectId`; its charges form a section of the ' +
      "customer's invoice. Projects are immutable: the same fields again answer 200, other " +
      'fields 409 project_exists.',
    access: 'operator',
    params: z.object({ id: z.string() }),
    body: projectRequestSchema,
    invalidMessage: 'the project is invalid',
    responses: {
      201: { description: 'Created', schema: projectViewSchema },
      200: { description: 'Already created with the same fields', schema: projectViewSchema },
    },
    errors: [404, 409],
    handle: async ({ params, body, principal }, deps) => {
      const { project, created } = await createProject(
        deps.database.db,
        principal,
        toProject(params.id, body),
      );
      return json(created ? 201 : 200, projectView(project));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/customers/{id}/projects',
    tag: 'Projects',
    summary: "The customer's projects, by id",
    description: `${PAGINATED} A project key sees its own project only.`,
    access: 'customer',
    params: z.object({ id: z.string() }),
    query: pageQuery,
    statedRules: pageRules,
    responses: { 200: { description: 'The projects', schema: projectListSchema } },
    errors: [404],
    handle: async ({ params, query, principal }, deps) => {
      const page = await listProjects(deps.database.db, principal, params.id, pageRequestOf(query));
      return json(200, { data: page.items.map(projectView), nextCursor: page.nextCursor });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/customers/{id}/projects/{projectId}',
    tag: 'Projects',
    summary: 'A project of the customer',
    access: 'customer',
    params: z.object({ id: z.string(), projectId: z.string() }),
    responses: { 200: { description: 'The project', schema: projectViewSchema } },
    errors: [404],
    handle: async ({ params, principal }, deps) =>
      json(
        200,
        projectView(await getProject(deps.database.db, principal, params.id, params.projectId)),
      ),
  }),
];
