import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Principal } from '../../domain/principal';
import type { ApiDeps } from '../deps';

/**
 * Who may call a route: anyone (`public`), operator keys only (`operator`, a customer key
 * gets 403), or any key (`customer`: the use case answers 404 for another customer's ids).
 */
export type Access = 'public' | 'operator' | 'customer';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseSpec {
  description: string;
  /** The JSON body; absent for a body that is not JSON (then `contentType` names it). */
  schema?: z.ZodType;
  /** Defaults to application/json. */
  contentType?: string;
}

export interface StatedRule {
  field: string;
  rule: string;
}

/** What a handler answers; the route's declared `responses` must hold `status`. */
export interface Reply {
  status: number;
  body: unknown;
  /** For non-JSON bodies (CSV, PDF, XML): the Content-Type to send. */
  contentType?: string;
  headers?: Record<string, string>;
}

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  principal: Principal;
  req: Request;
  res: Response;
}

/**
 * One route of the HTTP contract, declared once: the OpenAPI document, request validation
 * and 405 handling are derived from these declarations (api/contract/openapi.ts, mount.ts).
 */
export interface RouteSpec<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** An OpenAPI path template: `/v1/customers/{id}`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  /** Path parameters; each is a string (a malformed id is the use case's 404, not a 400). */
  params?: P;
  /** Query parameters: an object of optional or required strings. */
  query?: Q;
  /** The JSON request body. */
  body?: B;
  /** The body may be left out altogether (parseBody then gets undefined): not `required`. */
  bodyOptional?: boolean;
  /**
   * The validation of `body` when it needs context (the clock, per-item indexes); it must
   * throw a BillingError naming the fields. Without it, `body` is parsed as declared.
   */
  parseBody?: (raw: unknown, req: Request, deps: ApiDeps) => z.output<B>;
  /** The message of the 400 when the query or body is invalid. */
  invalidMessage?: string;
  responses: Record<number, ResponseSpec>;
  /**
   * Rules JSON Schema cannot say (they depend on stored data, or relate items of a list):
   * the document states them per field (`x-stated-rules`, and in the description), and a
   * request that breaks one is answered 400 naming that field. `*` stands for any index.
   */
  statedRules?: StatedRule[];
  /**
   * Error statuses the operation can answer besides the derived ones (400 when it takes a
   * query or body, 401 unless public, 403 for operator routes).
   */
  errors?: number[];
  handle: (
    input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>,
    deps: ApiDeps,
  ) => Promise<Reply>;
}

/** A route with its types erased, as the router and the document generator see it. */
export type Route = RouteSpec;

/** Declares a route, inferring the handler's input types from its schemas. */
export function defineRoute<
  P extends z.ZodType = z.ZodObject<Record<string, never>>,
  Q extends z.ZodType = z.ZodObject<Record<string, never>>,
  B extends z.ZodType = z.ZodUndefined,
>(spec: RouteSpec<P, Q, B>): Route {
  return spec;
}

/** A JSON reply. */
export const json = (status: number, body: unknown): Reply => ({ status, body });
