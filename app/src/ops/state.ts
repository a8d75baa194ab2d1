/** What the probes report; flipped by start-up and shutdown. */
export class AppState {
  /** True once the schema is migrated (this replica can serve the API). */
  schemaReady = false;
  /** True from the moment SIGTERM (or SIGINT) arrives. */
  shuttingDown = false;

  get ready(): boolean {
    return this.schemaReady && !this.shuttingDown;
  }
}
