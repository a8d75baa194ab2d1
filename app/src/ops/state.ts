/** What the probes report; flipped by start-up and shutdown. */
export class AppState {
  /** True once the schema is migrated (this replica can serve the API). */
  schemaReady = false;
  /** True from the moment SIGTERM (or SIGINT) arrives. */
  shuttingDown = false;
  /**
   * True once the drain delay is over and the server stops: requests still arriving on open connections get
   * 503 SHUTTING_DOWN with `Connection: close`.
   */
  closing = false;

  get ready(): boolean {
    return this.schemaReady && !this.shuttingDown;
  }
}
