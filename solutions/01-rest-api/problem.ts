import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { toFieldErrors, type FieldError } from './validation.ts';

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

function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

function problem(status: number, detail?: string, errors?: FieldError[]): Problem {
  // `about:blank` says "nothing beyond the HTTP status"; the title is then the status phrase.
  return {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    ...(detail === undefined ? {} : { detail }),
    ...(errors === undefined ? {} : { errors }),
  };
}

/**
 * Every error ends here: our own HttpProblems, Fastify's (validation, bad JSON, 413, 415...)
 * and anything unexpected, which becomes a 500 that reveals nothing about the internals.
 */
export function problemErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof HttpProblem) {
    if (error.extras.headers) reply.headers(error.extras.headers);
    return sendProblem(reply, problem(error.statusCode, error.message, error.extras.errors));
  }
  const { statusCode = 500, message, validation, validationContext } = (error ?? {}) as Partial<FastifyError>;
  if (validation) {
    return sendProblem(reply, problem(400, 'The request is invalid.', toFieldErrors(validation, validationContext)));
  }
  if (statusCode >= 400 && statusCode < 500) {
    return sendProblem(reply, problem(statusCode, message));
  }
  request.log.error({ err: error }, 'request failed');
  // Any other 5xx keeps its status but not its message, which may quote SQL or file paths.
  return sendProblem(reply, problem(statusCode >= 500 && statusCode < 600 ? statusCode : 500));
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendProblem(reply, problem(404, `No route for ${request.method} ${request.url}.`));
}

/**
 * Node's HTTP parser refuses some requests before Fastify ever sees them: headers over 16 KiB
 * (431), a control character in a header (400), a request too slow to arrive (408). Fastify's
 * default answer to those is plain JSON, written straight to the socket, so this writes the
 * problem instead. Same shape as the default: there is no request or reply object yet.
 */
export function clientErrorProblem(error: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify(problem(status, 'The HTTP request could not be read.'));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n` +
        `Content-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
