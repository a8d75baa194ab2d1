import type { FastifyInstance } from 'fastify';
import type { AppState } from './state';

export const LIVENESS_PATH = '/healthz';
export const READINESS_PATH = '/readyz';

/**
 * Probes. Liveness only proves the process serves HTTP (no I/O, so a slow database never gets the pod
 * killed). Readiness is schema-in-place and not-shutting-down; it deliberately ignores database outages:
 * every replica shares one database, so failing readiness would empty the Service and swap our clear
 * 503 DB_UNAVAILABLE for load-balancer errors, and recovery would wait for probe periods (app/README.md).
 */
export function registerHealthRoutes(app: FastifyInstance, state: AppState): void {
  app.get(LIVENESS_PATH, { logLevel: 'warn' }, async () => ({ status: 'ok' }));

  app.get(READINESS_PATH, { logLevel: 'warn' }, async (_request, reply) => {
    if (state.ready) return { status: 'ready' };
    const reason = state.shuttingDown ? 'shutting-down' : 'migrating-schema';
    return reply.code(503).send({ status: 'not-ready', reason });
  });
}
