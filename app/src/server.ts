import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Pool } from 'mysql2/promise';
import type { DestinationStream } from 'pino';
import type { AppConfig } from './config';
import { ApiError, installErrorHandlers } from './http/errors';
import { REQUEST_ID_HEADER, requestIdOf } from './http/request-id';
import { ITEMS_PATH, registerItemRoutes } from './items/routes';
import { ItemRepository } from './items/repository';
import { registerHealthRoutes } from './ops/health';
import { Metrics, recordResponses, registerMetricsRoute } from './ops/metrics';
import type { AppState } from './ops/state';

/** Largest accepted body: an item is at most ~17 KiB of UTF-8, JSON escaping can grow it. */
export const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Log paths whose values never reach the log (credentials in headers or config-like objects). Explicit
 * paths, no wildcards: the redactor clones whatever a path can match, and a top-level `*` matched every
 * access-log line (measured in bench/app.ts).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'password',
  'DB_PASSWORD',
  'db.password',
  'config.password',
  'config.db.password',
];

export interface ServerDeps {
  readonly config: AppConfig;
  readonly pool: Pool;
  readonly state: AppState;
  /** Where logs go; stdout when omitted. Tests pass a stream to read them. */
  readonly logStream?: DestinationStream;
}

/** The two servers of one process: the API (`PORT`) and `/metrics` (`METRICS_PORT`), sharing one registry. */
export interface Servers {
  readonly app: FastifyInstance;
  readonly metricsApp: FastifyInstance;
}

/** Builds both servers around one metrics registry (the API records, the metrics server serves). Does not listen. */
export function buildServers(deps: ServerDeps): Servers {
  const metrics = new Metrics(deps.pool, deps.config.db.poolSize);
  return { app: buildServer(deps, metrics), metricsApp: buildMetricsServer(deps, metrics) };
}

function loggerOptions(config: AppConfig, stream: DestinationStream | undefined): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[Redacted]' },
    serializers: {
      req(request) {
        return { method: request.method, url: request.url, host: request.host, remoteAddress: request.ip, headers: request.headers };
      },
    },
    ...(stream !== undefined ? { stream } : {}),
  };
}

/** The API server: items API, probes, JSON errors, request ids; records into `metrics`. */
function buildServer(deps: ServerDeps, metrics: Metrics): FastifyInstance {
  const { config, pool, state } = deps;
  const app = Fastify({
    logger: loggerOptions(config, deps.logStream),
    genReqId: requestIdOf,
    // One access line per request instead of Fastify's two (see registerAccessLog).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Sockets that never finish sending a request are cut; keep-alive stays longer than the OCI LB's 60 s idle timeout.
    requestTimeout: 30_000,
    keepAliveTimeout: 72_000,
    return503OnClosing: true,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: true, useDefaults: false } },
  });

  // PATCH bodies are JSON merge patches (RFC 7396); plain application/json is accepted too.
  app.addContentTypeParser('application/merge-patch+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));

  installErrorHandlers(app, () => metrics.dbUnavailable.inc());
  recordResponses(app, metrics);
  registerHealthRoutes(app, state);

  // Callback-style hooks: they run on every request, and skip a promise each.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    if (request.url.startsWith(ITEMS_PATH) && !state.schemaReady) {
      done(new ApiError(503, 'NOT_READY', 'The server is still preparing the database schema; retry shortly', undefined, { 'retry-after': '2' }));
      return;
    }
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    // While draining, move keep-alive clients to other replicas.
    if (state.shuttingDown) reply.header('connection', 'close');
    done(null, payload);
  });

  registerAccessLog(app);
  registerItemRoutes(app, new ItemRepository(pool));
  return app;
}

/**
 * One info line per completed request (method, route, status, time; the request id comes from the child
 * logger). Headers are logged only at debug level, where the redaction paths keep credentials out.
 */
function registerAccessLog(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    request.log.debug({ req: request }, 'incoming request');
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    // Probe and metrics routes run with logLevel warn, so this stays quiet for them.
    request.log.info(
      { method: request.method, url: request.url, route: request.routeOptions.url, statusCode: reply.statusCode, responseTimeMs: Math.round(reply.elapsedTime * 100) / 100 },
      'request completed',
    );
    done();
  });
}

/**
 * The metrics server: `/metrics` alone, on `METRICS_PORT`. A port of its own keeps it off whatever publishes
 * the API port (Service → Ingress → public load balancer); Prometheus scrapes the pod's metrics port directly.
 */
function buildMetricsServer(deps: ServerDeps, metrics: Metrics): FastifyInstance {
  const app = Fastify({ logger: loggerOptions(deps.config, deps.logStream), logController: new LogController({ disableRequestLogging: true }) });
  registerMetricsRoute(app, metrics);
  return app;
}

