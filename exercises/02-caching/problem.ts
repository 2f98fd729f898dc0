import type { FastifyReply } from 'fastify';

/** An RFC 9457 problem response. */
export function sendProblem(reply: FastifyReply, status: number, title: string, detail?: string): FastifyReply {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: 'about:blank', title, status, ...(detail ? { detail } : {}) });
}
