import { createHash } from 'node:crypto';
import { OciApiError } from './errors';

/** A stored successful response, replayed for the same token + same body. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const TTL_MS = 24 * 60 * 60 * 1000;

/** `opc-retry-token` bookkeeping: same token + same request within 24 h → the original response. */
export class RetryTokens {
  private readonly entries = new Map<string, { requestHash: string; response: StoredResponse; at: number }>();

  private static key(token: string, method: string, path: string): string {
    return `${token}\u0000${method}\u0000${path}`;
  }

  private static hash(body: Buffer): string {
    return createHash('sha256').update(body).digest('hex');
  }

  /** The response to replay, undefined if the token is new; throws 409 InvalidatedRetryToken on a different body. */
  lookup(token: string, method: string, path: string, body: Buffer, now: number): StoredResponse | undefined {
    const entry = this.entries.get(RetryTokens.key(token, method, path));
    if (!entry || now - entry.at > TTL_MS) return undefined;
    if (entry.requestHash !== RetryTokens.hash(body)) {
      throw new OciApiError(409, 'InvalidatedRetryToken',
        'The retry token was already used for a request with different content; use a new opc-retry-token.');
    }
    return entry.response;
  }

  remember(token: string, method: string, path: string, body: Buffer, response: StoredResponse, now: number): void {
    this.entries.set(RetryTokens.key(token, method, path), { requestHash: RetryTokens.hash(body), response, at: now });
  }

  clear(): void {
    this.entries.clear();
  }
}
