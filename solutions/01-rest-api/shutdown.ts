import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';

/**
 * `app.close()` stops accepting connections and waits for the open ones; then the pool may go.
 */
export function gracefulShutdown(app: FastifyInstance, pool: Pool): void {
  // Node's server.close() only reaps keep-alive connections that are idle at that moment. One whose
  // request is still running would stay open for keepAliveTimeout (72 s in Fastify) after it has
  // answered, and close() would wait for it. So once closing, tell those clients to hang up.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });

  // onClose hooks run after the server has closed, i.e. after the in-flight requests are done.
  app.addHook('onClose', async () => {
    await pool.end();
  });
}
