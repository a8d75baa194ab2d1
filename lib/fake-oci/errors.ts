/**
 * OCI service errors as the fake returns them: HTTP status + JSON body `{"code","message"}`
 * (docs/oci-sdk.md §10). The SDK turns these into `OciError` with `serviceCode` = `code`.
 */
export class OciApiError extends Error {
  constructor(
    /** HTTP status code, e.g. 409. */
    public readonly status: number,
    /** OCI error code, e.g. `IncorrectState`; becomes `OciError.serviceCode`. */
    public readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'OciApiError';
  }
}

/** The default OCI error code for a status, used when a fault names only a status. */
export function defaultCodeFor(status: number): string {
  switch (status) {
    case 400: return 'InvalidParameter';
    case 401: return 'NotAuthenticated';
    case 403: return 'NotAuthorized';
    case 404: return 'NotAuthorizedOrNotFound';
    case 409: return 'IncorrectState';
    case 412: return 'NoEtagMatch';
    case 429: return 'TooManyRequests';
    case 500: return 'InternalServerError';
    case 502: return 'BadGateway';
    case 503: return 'ServiceUnavailable';
    case 504: return 'GatewayTimeout';
    default: return status >= 500 ? 'InternalServerError' : 'InvalidParameter';
  }
}

export const notFound = (what: string): OciApiError =>
  new OciApiError(404, 'NotAuthorizedOrNotFound', `Authorization failed or requested resource not found: ${what}`);

export const invalidParameter = (field: string, detail: string): OciApiError =>
  new OciApiError(400, 'InvalidParameter', `Invalid ${field}: ${detail}`);

export const missingParameter = (field: string): OciApiError =>
  new OciApiError(400, 'MissingParameter', `Missing required parameter: ${field}`);

export const conflict = (message: string): OciApiError => new OciApiError(409, 'Conflict', message);

export const incorrectState = (message: string): OciApiError => new OciApiError(409, 'IncorrectState', message);

export const notAuthenticated = (reason: string): OciApiError =>
  new OciApiError(401, 'NotAuthenticated',
    `The required information to complete authentication was not provided or was incorrect (${reason}).`);

/** A service limit is reached (400 LimitExceeded, docs/oci-sdk.md §10): the fix is a limit increase or fewer resources. */
export const limitExceeded = (message: string): OciApiError => new OciApiError(400, 'LimitExceeded', message);
