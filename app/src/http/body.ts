import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors';

/** Media types whose bodies are parsed: JSON, and JSON merge patches (RFC 7396) for PATCH. */
export const JSON_MEDIA_TYPES = ['application/json', 'application/merge-patch+json'] as const;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
/** With the `u` flag, only a surrogate that is not half of a pair is a code point of category Cs. */
const LONE_SURROGATE = /\p{Cs}/u;

function malformed(message: string): ApiError {
  return new ApiError(400, 'MALFORMED_JSON', message);
}

/**
 * Where a string of the parsed body holds a lone surrogate (`"\ud800"` is valid JSON but no Unicode text: MySQL's
 * utf8mb4 would store it as U+FFFD, silently changing the data), as a field path; undefined when none does.
 */
export function loneSurrogateAt(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path || 'body' : undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = loneSurrogateAt(item, `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (LONE_SURROGATE.test(key)) return path || 'body';
      const found = loneSurrogateAt(item, path === '' ? key : `${path}.${key}`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** True when the request carries body bytes (a length above 0, or chunked). */
function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Body handling of the API:
 * - only JSON media types are parsed (Fastify's `text/plain` parser is removed, so `text/plain` gets 415 like
 *   every other type);
 * - bodies must be UTF-8 (invalid bytes are 400, not U+FFFD) without lone surrogates;
 * - `__proto__`/`constructor` keys are refused (Fastify's secure parser);
 * - a Content-Encoding (gzip, ...) is 415: bodies are small (64 KiB), and inflating them would open a
 *   decompression bomb;
 * - a DELETE without body bytes ignores its Content-Type (clients often send `application/json` on every call).
 */
export function installBodyHandling(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser([...JSON_MEDIA_TYPES], { parseAs: 'buffer' }, (request, raw, done) => {
    const bytes = raw as Buffer;
    let text: string;
    try {
      text = strictUtf8.decode(bytes);
    } catch {
      done(malformed('Request body is not valid UTF-8'), undefined);
      return;
    }
    parseJson(request, text, (err, body) => {
      if (err !== null) {
        done(err, undefined);
        return;
      }
      const at = loneSurrogateAt(body);
      if (at !== undefined) done(malformed(`Request body holds text that is not valid Unicode (a lone surrogate in ${at})`), undefined);
      else done(null, body);
    });
  });

  app.addHook('onRequest', (request, _reply, done) => {
    const encoding = request.headers['content-encoding'];
    if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity' && hasBody(request)) {
      done(new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `Content-Encoding ${encoding.slice(0, 40)} is not supported: send the body uncompressed`));
      return;
    }
    if (request.method === 'DELETE' && !hasBody(request)) delete request.headers['content-type'];
    done();
  });
}
