import { createHash } from 'node:crypto';
import { OciApiError } from './errors';

/** A stored successful response, replayed for the same token + same body. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const TTL_MS = 24 * 60 * 60 * 1000;

/** One remembered token (part of a snapshot). */
export interface RetryTokenEntry {
  requestHash: string;
  response: StoredResponse;
  /** Clock time the response was stored. */
  at: number;
}

/** `opc-retry-token` bookkeeping: same token + same request within 24 h → the original response. */
export class RetryTokens {
  private readonly entries = new Map<string, RetryTokenEntry>();

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

  /** The remembered tokens, by reference: the caller clones them. */
  exportEntries(): Array<[string, RetryTokenEntry]> {
    return [...this.entries];
  }

  /** Replaces the remembered tokens (taken over by reference). */
  importEntries(entries: Array<[string, RetryTokenEntry]>): void {
    this.entries.clear();
    for (const [key, entry] of entries) this.entries.set(key, entry);
  }
}
