/** One handled API call (control-API calls are not logged; bodies never are, so no secret leaks). */
export interface RequestLogEntry {
  /** 1-based order of arrival. */
  seq: number;
  /** Real time the call arrived, ISO 8601. */
  time: string;
  method: string;
  /** Service prefix (`iaas`, `identity`, …, `kms-management`). */
  service: string;
  /** OCI operation name (`CreateVcn`), or `Unknown` when no route matched. */
  op: string;
  /** Raw request target as received (path + query). */
  path: string;
  /** HTTP status sent; 0 when the connection was dropped. */
  status: number;
  /** OCI error code when status >= 400. */
  errorCode?: string;
  /** The `opc-retry-token` header, if sent. */
  retryToken?: string;
  /** The `opc-request-id` returned. */
  opcRequestId: string;
  /** The signing keyId, when the signature verified. */
  keyId?: string;
  /** True for calls that may change state: any method but GET/HEAD, except read-only POSTs
   *  (GetSecretBundleByName, CreateKubeconfig). */
  write: boolean;
  /** Id of the injected fault that hit this call. */
  faultId?: string;
  /** True when the original response of an earlier call with the same retry token was replayed. */
  replayed?: boolean;
  /** True when the connection was destroyed instead of answered. */
  dropped?: boolean;
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  add(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const full = { seq: ++this.seq, ...entry };
    this.entries.push(full);
    return full;
  }

  private requestIds = 0;

  /** An opc-request-id for calls that sent none (own counter, so OCIDs stay the same either way). */
  nextRequestId(): string {
    this.requestIds += 1;
    return `fakerequest${String(this.requestIds).padStart(8, '0')}`;
  }

  list(): RequestLogEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  clear(): void {
    this.entries = [];
  }

  /** Entries and counters, by reference: the caller clones them (part of a snapshot). */
  exportState(): RequestLogState {
    return { entries: this.entries, seq: this.seq, requestIds: this.requestIds };
  }

  /** Replaces entries and counters (taken over by reference). */
  importState(state: RequestLogState): void {
    this.entries = state.entries;
    this.seq = state.seq;
    this.requestIds = state.requestIds;
  }
}

/** The request log as plain data. */
export interface RequestLogState {
  entries: RequestLogEntry[];
  seq: number;
  requestIds: number;
}
