import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PoolSaturated, type SaturationReason } from '../db/bounded';
import { isDbUnavailable, isPoolSaturated } from '../db/errors';
import { REQUEST_ID_HEADER } from './request-id';

/** Machine-readable error codes; the HTTP status alone is too coarse for clients to act on. */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'MALFORMED_JSON'
  | 'BODY_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'BAD_REQUEST'
  | 'REQUEST_TIMEOUT'
  | 'HEADERS_TOO_LARGE'
  | 'ROUTE_NOT_FOUND'
  | 'ITEM_NOT_FOUND'
  | 'PRECONDITION_REQUIRED'
  | 'PRECONDITION_FAILED'
  | 'NOT_READY'
  | 'OVERLOADED'
  | 'SHUTTING_DOWN'
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
/** Seconds a client should wait before retrying when this replica sheds load: capacity frees up quickly. */
export const OVERLOADED_RETRY_AFTER_SECONDS = 1;

/** 503 OVERLOADED: every pooled connection is busy (the database itself may be healthy). */
export function overloaded(reason: SaturationReason): ApiError {
  const why = reason === 'queue_full' ? 'every database connection is busy and the queue is full' : 'no database connection became free in time';
  return new ApiError(503, 'OVERLOADED', `The server is at capacity (${why}); retry shortly`, undefined, { 'retry-after': String(OVERLOADED_RETRY_AFTER_SECONDS) });
}

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

/** What the error handler reports (metrics, connection throttling). */
export interface ErrorEvents {
  /** A request failed because the database could not be reached or did not answer in time. */
  readonly onDbUnavailable: () => void;
  /** A request is being shed (503 OVERLOADED) because the pool is saturated. */
  readonly onSaturated: (reason: SaturationReason, request: FastifyRequest, reply: FastifyReply) => void;
}

/** Installs the JSON error and not-found handlers shared by every route. */
export function installErrorHandlers(app: FastifyInstance, events: ErrorEvents): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof ApiError) {
      reply.headers(err.headers);
      return send(reply, request, err.statusCode, err.code, err.message, err.fields);
    }
    if (isPoolSaturated(err)) {
      const reason = err instanceof PoolSaturated ? err.reason : 'queue_full';
      events.onSaturated(reason, request, reply);
      const shed = overloaded(reason);
      reply.headers(shed.headers);
      return send(reply, request, shed.statusCode, shed.code, shed.message);
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
      events.onDbUnavailable();
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

/** Statuses and codes of the errors Node's HTTP parser raises before a request reaches Fastify. */
function clientErrorOf(err: NodeJS.ErrnoException): { status: number; code: ErrorCode; message: string } {
  switch (err.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, code: 'REQUEST_TIMEOUT', message: 'The request was not received in time (HTTP_REQUEST_TIMEOUT_SECONDS); send it faster or smaller' };
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, code: 'HEADERS_TOO_LARGE', message: 'Request headers are larger than the server accepts' };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, code: 'BODY_TOO_LARGE', message: 'Request body framing is larger than the server accepts' };
    default:
      return { status: 400, code: 'BAD_REQUEST', message: 'The request is not valid HTTP' };
  }
}

/**
 * Fastify's `clientErrorHandler` (called with the instance as `this`): answers errors raised on the socket before
 * a request exists (a request that is too slow, headers too large, bytes that are not HTTP) in the same error
 * shape as every other error, with a fresh `x-request-id`, then closes the connection. Node's and Fastify's
 * defaults answer in their own shapes, without a request id.
 */
export function answerClientError(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, code, message } = clientErrorOf(err);
  const requestId = randomUUID();
  this.log.info({ reqId: requestId, statusCode: status, clientError: err.code ?? err.message }, 'request rejected before routing');
  // A response may already be under way on this socket (a timeout during a slow upload of a handled request):
  // then the socket is only closed.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || inFlight?.headersSent === true) {
    socket.destroy(err);
    return;
  }
  const body = JSON.stringify({ code, message, requestId } satisfies ErrorBody);
  // end() flushes before closing; destroy() right after write() could drop the answer.
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `${REQUEST_ID_HEADER}: ${requestId}\r\nconnection: close\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}
