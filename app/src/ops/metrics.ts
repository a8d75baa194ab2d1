import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BoundedPool, SaturationReason } from '../db/bounded';
import { poolStats } from '../db/pool';

export const METRICS_PATH = '/metrics';

/** Label for requests that matched no route, so scanners cannot blow up label cardinality. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Prometheus metrics of one server: HTTP by route and status, pool occupancy, load shed because the pool is
 * saturated, database outages, process defaults.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly dbUnavailable = new Counter({
    name: 'db_unavailable_errors_total',
    help: 'Requests answered 503 DB_UNAVAILABLE because the database could not be reached or did not answer in time',
    registers: [this.registry],
  });
  /** Load shed by this replica while the database may be healthy: alert on it as "saturated", not "down". */
  readonly poolRejected = new Counter({
    name: 'db_pool_rejected_total',
    help: 'Requests answered 503 OVERLOADED because every pooled connection was busy: the queue was full (queue_full) or the wait ran out (queue_timeout)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  /**
   * Request counts, derived at scrape time from the histogram's per-label `_count` rather than counted again
   * on every request (the hot path then updates one metric, not two).
   */
  readonly requests: Counter<'method' | 'route' | 'status_code'>;

  constructor(db: BoundedPool) {
    const poolSize = db.bounds.poolSize;
    const duration = this.duration;
    this.requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by method, route template and status code',
      labelNames: ['method', 'route', 'status_code'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const sample of (await duration.get()).values) {
          if (sample.metricName === 'http_request_duration_seconds_count') this.inc(sample.labels as Record<'method' | 'route' | 'status_code', string>, sample.value);
        }
      },
    });
    for (const reason of ['queue_full', 'queue_timeout'] satisfies SaturationReason[]) this.poolRejected.inc({ reason }, 0);
    new Gauge({ name: 'db_pool_connections_max', help: 'Configured pool size (DB_POOL_SIZE)', registers: [this.registry], collect() { this.set(poolSize); } });
    new Gauge({ name: 'db_pool_connections_open', help: 'Open database connections', registers: [this.registry], collect() { this.set(poolStats(db.pool, poolSize).open); } });
    new Gauge({ name: 'db_pool_connections_in_use', help: 'Requests holding a pooled connection (or connecting one)', registers: [this.registry], collect() { this.set(db.inUse); } });
    new Gauge({ name: 'db_pool_queue_waiting', help: 'Requests waiting for a free connection', registers: [this.registry], collect() { this.set(db.waiting); } });
    new Gauge({ name: 'db_pool_queue_limit', help: 'Requests allowed to wait for a connection (DB_QUEUE_LIMIT)', registers: [this.registry], collect() { this.set(db.bounds.queueLimit); } });
    collectDefaultMetrics({ register: this.registry });
  }
}

/** Records every response of the API server (served separately, see {@link registerMetricsRoute}). */
export function recordResponses(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    const labels = { method: request.method, route: request.routeOptions.url ?? UNMATCHED_ROUTE, status_code: String(reply.statusCode) };
    metrics.duration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
}

/** Serves the registry at /metrics (on the metrics server, never on the API port). */
export function registerMetricsRoute(app: FastifyInstance, metrics: Metrics): void {
  app.get(METRICS_PATH, { logLevel: 'warn' }, async (_request, reply) => {
    const body = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(body);
  });
}
