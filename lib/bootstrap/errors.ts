/**
 * One error type for everything the bootstrap reports to a user: an OCI service error, a client-side
 * failure (connection refused, open circuit breaker), a preflight finding or a lock conflict all end
 * up as a BootstrapError whose message names the resource, what happened and what to do.
 */
export class BootstrapError extends Error {
  constructor(
    message: string,
    /** Short machine-readable kind, e.g. `auth`, `not-found`, `limit`, `preflight`, `lock`. */
    readonly kind: string,
    /** HTTP status of the underlying OCI error, when there was one. */
    readonly status?: number,
    /** OCI error code (`NotAuthorizedOrNotFound`, `TooManyRequests`, ...), when there was one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'BootstrapError';
  }
}

/** The fields an OCI SDK error (an `OciError` or the plain object thrown for client-side failures) may carry. */
export interface OciErrorLike {
  statusCode?: number;
  serviceCode?: string;
  code?: string;
  message?: string;
  opcRequestId?: string;
  operationName?: string;
}

function asOciError(e: unknown): OciErrorLike | undefined {
  if (e === null || typeof e !== 'object') return undefined;
  return e as OciErrorLike;
}

/** HTTP status of an SDK error, or undefined for client-side failures. */
export function statusOf(e: unknown): number | undefined {
  const o = asOciError(e);
  return typeof o?.statusCode === 'number' && o.statusCode > 0 ? o.statusCode : undefined;
}

/** OCI error code of an SDK error (service code, or the client-side code such as EOPENBREAKER). */
export function codeOf(e: unknown): string | undefined {
  const o = asOciError(e);
  if (o === undefined) return undefined;
  if (typeof o.serviceCode === 'string' && o.serviceCode !== '' && o.serviceCode !== 'None' && o.serviceCode !== 'unknown code') return o.serviceCode;
  return typeof o.code === 'string' ? o.code : undefined;
}

export function isNotFound(e: unknown): boolean {
  return statusOf(e) === 404;
}

/**
 * Turns whatever an SDK call threw into a BootstrapError that says which resource and operation failed,
 * why, and what to do. `what` names the resource, e.g. `vcn "oke-vn-dev"` or `ListVcns in compartment ...`.
 */
export function explain(e: unknown, what: string): BootstrapError {
  if (e instanceof BootstrapError) return e;
  const status = statusOf(e);
  const code = codeOf(e);
  const raw = asOciError(e)?.message ?? String(e);
  const detail = raw.split('\n')[0];
  const req = asOciError(e)?.opcRequestId;
  const ref = req ? ` (opc-request-id ${req})` : '';
  if (code === 'EOPENBREAKER') {
    return new BootstrapError(`${what}: the SDK circuit breaker is open after repeated failures of this service; wait ~30 s and re-run (the run resumes where it stopped)`, 'breaker', undefined, code);
  }
  switch (status) {
    case 401:
      return new BootstrapError(`${what}: authentication failed (401 NotAuthenticated: ${detail}). Check that the API key in your OCI config matches a key uploaded for the user (fingerprint and key_file), and that the machine clock is right`, 'auth', status, code);
    case 403:
      if (code === 'NotAllowed') return new BootstrapError(`${what}: not allowed (${detail}); IAM writes must go to the tenancy's home region`, 'not-allowed', status, code);
      return new BootstrapError(`${what}: not authorized (403 ${code ?? ''}: ${detail}); grant your group the needed policy`, 'not-authorized', status, code);
    case 404:
      return new BootstrapError(`${what}: not authorized or not found (404 ${code ?? 'NotAuthorizedOrNotFound'}). Either a policy granting your user access is missing or the compartment/resource does not exist; check oci.compartmentId and your group's policies${ref}`, 'not-found', status, code);
    case 400:
      if (code === 'LimitExceeded' || code === 'QuotaExceeded') {
        return new BootstrapError(`${what}: ${code} (${detail}); raise the service limit or quota, or free capacity, then re-run`, 'limit', status, code);
      }
      return new BootstrapError(`${what}: rejected (400 ${code ?? ''}: ${detail})${ref}`, 'bad-request', status, code);
    case 409:
      return new BootstrapError(`${what}: conflict (409 ${code ?? ''}: ${detail})${ref}`, 'conflict', status, code);
    case 429:
      return new BootstrapError(`${what}: throttled by OCI (429 TooManyRequests) after every retry; wait a minute and re-run (the run resumes where it stopped)`, 'throttled', status, code);
    default:
      if (status !== undefined) return new BootstrapError(`${what}: OCI answered ${status} ${code ?? ''}: ${detail}${ref}; re-run to resume`, 'service', status, code);
      return new BootstrapError(`${what}: could not reach OCI (${code ?? 'network error'}: ${detail}); check the network or --endpoint and re-run`, 'network', undefined, code);
  }
}
