import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Pool } from 'mysql2/promise';
import type { DestinationStream } from 'pino';
import type { AppConfig } from './config';
import { BoundedPool, PoolSaturated } from './db/bounded';
import { installBodyHandling } from './http/body';
import { answerClientError, ApiError, installErrorHandlers, OVERLOADED_RETRY_AFTER_SECONDS } from './http/errors';
import { holdConnectionAfter } from './http/throttle';
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
  /** The bounded access to the pool that every request's database work goes through. */
  readonly db: BoundedPool;
}

/**
 * How often Node looks for requests past their timeout. Its default (30 s) let a 30 s request timeout cut a
 * slow body only after ~60 s; checking every second keeps the cut within a second of the timeout.
 */
const TIMEOUT_CHECK_INTERVAL_MS = 1000;

/** Builds both servers around one metrics registry (the API records, the metrics server serves). Does not listen. */
export function buildServers(deps: ServerDeps): Servers {
  const { poolSize, queueLimit, queueTimeoutMs, queryTimeoutMs } = deps.config.db;
  const db = new BoundedPool(deps.pool, { poolSize, queueLimit, queueTimeoutMs, queryTimeoutMs });
  const metrics = new Metrics(db);
  return { app: buildServer(deps, db, metrics), metricsApp: buildMetricsServer(deps, metrics), db };
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

/** The API server: items API, probes, JSON errors, request ids, load shedding; records into `metrics`. */
function buildServer(deps: ServerDeps, db: BoundedPool, metrics: Metrics): FastifyInstance {
  const { config, state } = deps;
  const app = Fastify({
    logger: loggerOptions(config, deps.logStream),
    genReqId: requestIdOf,
    // One access line per request instead of Fastify's two (see registerAccessLog).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Requests that take longer than this to arrive (slow headers or body) are cut with 408; keep-alive stays
    // longer than the OCI LB's 60 s idle timeout.
    requestTimeout: config.requestTimeoutMs,
    http: { headersTimeout: config.requestTimeoutMs, connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_INTERVAL_MS, config.requestTimeoutMs) },
    keepAliveTimeout: 72_000,
    // Requests arriving while the server closes are answered by the onRequest hook below, in our error shape.
    return503OnClosing: false,
    clientErrorHandler: answerClientError,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: true, useDefaults: false } },
  });

  installErrorHandlers(app, {
    onDbUnavailable: () => metrics.dbUnavailable.inc(),
    onSaturated: (reason, _request, reply) => {
      metrics.poolRejected.inc({ reason });
      holdConnectionAfter(reply.raw, OVERLOADED_RETRY_AFTER_SECONDS * 1000);
    },
  });
  recordResponses(app, metrics);
  registerHealthRoutes(app, state);

  // Callback-style hooks: they run on every request, and skip a promise each.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    if (state.closing) {
      reply.header('connection', 'close');
      done(new ApiError(503, 'SHUTTING_DOWN', 'This server is shutting down; retry (another replica will answer)', undefined, { 'retry-after': '1' }));
      return;
    }
    if (request.url.startsWith(ITEMS_PATH)) {
      if (!state.schemaReady) {
        done(new ApiError(503, 'NOT_READY', 'The server is still preparing the database schema; retry shortly', undefined, { 'retry-after': '2' }));
        return;
      }
      // Shed load before reading the body: a request that would be refused anyway costs as little as possible.
      if (db.saturated) {
        done(new PoolSaturated('queue_full'));
        return;
      }
    }
    done();
  });
  installBodyHandling(app);
  app.addHook('onSend', (_request, reply, payload, done) => {
    // While draining, move keep-alive clients to other replicas.
    if (state.shuttingDown) reply.header('connection', 'close');
    done(null, payload);
  });

  registerAccessLog(app);
  registerItemRoutes(app, new ItemRepository(db));
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

