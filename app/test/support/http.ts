export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON body, or undefined when the body is empty. */
  readonly body: unknown;
  readonly text: string;
}

export interface RequestOptions {
  /** Sent as JSON unless `raw` is given. */
  readonly json?: unknown;
  /** Sent verbatim (with the content type from headers). */
  readonly raw?: string | Buffer;
  readonly headers?: Record<string, string>;
}

/** One real HTTP request to the server under test. */
export async function call(baseUrl: string, method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | Buffer | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** The shape of an error body, for assertions. */
export interface ErrorJson {
  code: string;
  message: string;
  fields?: { field: string; message: string }[];
  requestId: string;
}

export interface ItemJson {
  id: number;
  name: string;
  description: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}
