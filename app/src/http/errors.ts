import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDbUnavailable } from '../db/errors';

/** Machine-readable error codes; the HTTP status alone is too coarse for clients to act on. */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'MALFORMED_JSON'
  | 'BODY_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'BAD_REQUEST'
  | 'ROUTE_NOT_FOUND'
  | 'ITEM_NOT_FOUND'
  | 'PRECONDITION_REQUIRED'
  | 'PRECONDITION_FAILED'
  | 'NOT_READY'
  | 'DB_UNAVAILABLE'
  | 'INTERNAL_ERROR';

/** One problem with one input field. `field` is the JSON path without the leading slash, or a header/parameter name. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** Body of every error response. */
export interface ErrorBody {
  readonly code: ErrorCode;
  readonly message: string;
  readonly fields?: readonly FieldError[];
  readonly requestId: string;
}

/** An error the handlers raise on purpose; the error handler turns it into its status and body. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: readonly FieldError[],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Seconds a client should wait before retrying when the database is unavailable. */
export const DB_RETRY_AFTER_SECONDS = 5;

interface AjvIssue {
  readonly keyword: string;
  readonly instancePath: string;
  readonly params: Record<string, unknown>;
  readonly message?: string;
}

const CONTEXT_NAMES: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'headers' };

function fieldOf(issue: AjvIssue, context: string): string {
  const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const extra =
    issue.keyword === 'required' ? String(issue.params.missingProperty) : issue.keyword === 'additionalProperties' ? String(issue.params.additionalProperty) : '';
  const joined = [path, extra].filter((part) => part !== '').join('.');
  return joined === '' ? (CONTEXT_NAMES[context] ?? context) : joined;
}

function messageOf(issue: AjvIssue): string {
  switch (issue.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field: remove it';
    case 'minProperties':
      return 'must contain at least one field';
    case 'pattern':
      return 'has an invalid format';
    default:
      return issue.message ?? 'is invalid';
  }
}

/** Turns Ajv issues into per-field messages, one per field (the first issue wins). */
export function fieldErrors(issues: readonly AjvIssue[], context: string): FieldError[] {
  const seen = new Map<string, string>();
  for (const issue of issues) {
    const field = fieldOf(issue, context);
    if (!seen.has(field)) seen.set(field, messageOf(issue));
  }
  return [...seen].map(([field, message]) => ({ field, message }));
}

function send(reply: FastifyReply, request: FastifyRequest, status: number, code: ErrorCode, message: string, fields?: readonly FieldError[]): FastifyReply {
  const body: ErrorBody = { code, message, ...(fields !== undefined && fields.length > 0 ? { fields } : {}), requestId: String(request.id) };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

const FRAMEWORK_ERRORS: Record<string, { status: number; code: ErrorCode; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'BODY_TOO_LARGE', message: 'Request body is larger than the server accepts' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Content-Type must be application/json (or application/merge-patch+json for PATCH)',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', message: 'Request body is empty: send a JSON object' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', message: 'Request body is not valid JSON' },
};

/** Installs the JSON error and not-found handlers shared by every route. */
export function installErrorHandlers(app: FastifyInstance, onDbUnavailable: () => void): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof ApiError) {
      reply.headers(err.headers);
      return send(reply, request, err.statusCode, err.code, err.message, err.fields);
    }
    if (err.validation !== undefined) {
      const context = err.validationContext ?? 'body';
      const fields = fieldErrors(err.validation as unknown as AjvIssue[], context);
      const summary = fields.map((f) => `${f.field} ${f.message}`).join('; ');
      return send(reply, request, 400, 'VALIDATION_FAILED', `Invalid ${CONTEXT_NAMES[context] ?? context}: ${summary}`, fields);
    }
    const known = err.code !== undefined ? FRAMEWORK_ERRORS[err.code] : undefined;
    if (known !== undefined) return send(reply, request, known.status, known.code, known.message);
    if (isDbUnavailable(err)) {
      onDbUnavailable();
      // The driver's code says why (refused, lost, timeout) without exposing SQL or parameters.
      request.log.warn({ dbError: String((err as { code?: unknown }).code ?? err.message) }, 'database unavailable');
      reply.header('retry-after', String(DB_RETRY_AFTER_SECONDS));
      return send(reply, request, 503, 'DB_UNAVAILABLE', 'The database is unavailable; retry later');
    }
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      return send(reply, request, err.statusCode, 'BAD_REQUEST', err.message);
    }
    request.log.error({ err: { type: err.name, message: err.message, code: err.code } }, 'unhandled error');
    return send(reply, request, 500, 'INTERNAL_ERROR', 'Internal server error');
  });

  app.setNotFoundHandler((request, reply) => send(reply, request, 404, 'ROUTE_NOT_FOUND', `No route for ${request.method} ${request.url.split("?")[0]?.slice(0, 200) ?? ""}`));
}
