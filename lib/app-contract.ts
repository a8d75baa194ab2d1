/**
 * What the charts and the application server (app/) must agree on. The charts read these constants;
 * the app's contract test checks that the synthesized manifests and the running app agree on them.
 */
export const APP_CONTRACT = {
  /** Name of the container port the app listens on. */
  portName: 'http',
  /** Service port in front of the app. */
  servicePort: 80,
  /**
   * Name and number of the container port serving Prometheus metrics. Not on the Service: only the API
   * port is reachable through the Service, the Ingress and the public load balancer; Prometheus scrapes
   * the pod's metrics port (pod annotations below).
   */
  metricsPortName: 'metrics',
  metricsPort: 9090,
  metricsPath: '/metrics',
  /** Liveness and startup: the process serves. */
  livenessPath: '/healthz',
  /** Readiness: schema in place and not shutting down. */
  readinessPath: '/readyz',
  /** Key of the DB password in the Secret ESO creates. */
  passwordSecretKey: 'password',
  /** Directory the password file is mounted in (file name = the key). */
  passwordMountDir: '/var/run/secrets/db',
  /** Environment variables the app reads. */
  env: {
    port: 'PORT',
    metricsPort: 'METRICS_PORT',
    dbHost: 'DB_HOST',
    dbPort: 'DB_PORT',
    dbName: 'DB_NAME',
    dbUser: 'DB_USER',
    dbPasswordFile: 'DB_PASSWORD_FILE',
    dbTlsMode: 'DB_TLS_MODE',
    dbPoolSize: 'DB_POOL_SIZE',
  },
} as const;
