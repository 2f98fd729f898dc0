/**
 * Every error leaves as `application/problem+json`: `{ type, title, status, detail? }`, plus
 * `errors: [{ field, message }]` for validation failures. Unknown routes are 404 problems;
 * 500s reveal no stack trace or SQL.
 *
 * While you work: the stubs throw the harness's NotImplementedError (501, code
 * WB_NOT_IMPLEMENTED). Fastify's default handler shows it as is; once yours is installed,
 * rethrow errors for which `isNotImplementedError()` (from '#not-implemented') is true, so the
 * grader can still tell "not written yet" from "wrong".
 */
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { notImplemented } from '#not-implemented';
import type { FieldError } from './validation.ts';

/** RFC 9457 problem details, plus `errors` for validation failures. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

/** An error that already knows its HTTP answer. Throw it from any handler or hook. */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';

  constructor(
    readonly statusCode: number,
    detail: string,
    readonly extras: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
  }
}

export function problemErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  // TODO(problem-details): turn HttpProblem, validation errors, Fastify's 4xx errors and unexpected 500s into problems.
  throw notImplemented('01-rest-api', 'problem-details', 'problemErrorHandler()');
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  // TODO(problem-details): answer 404 as a problem.
  throw notImplemented('01-rest-api', 'problem-details', 'notFoundHandler()');
}

/**
 * Fastify's `clientErrorHandler`: Node's HTTP parser refuses some requests before Fastify sees
 * them (headers over 16 KiB → 431, a control character in a header → 400). There is no reply
 * object yet: write a whole HTTP response to the socket, then destroy it.
 */
export function clientErrorProblem(error: NodeJS.ErrnoException, socket: Socket): void {
  // TODO(problem-details): write `HTTP/1.1 <status> ...` with an application/problem+json body, then socket.destroy().
  socket.destroy(error);
}
