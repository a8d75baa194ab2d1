import type { IncomingHttpHeaders } from 'node:http';
import type { FakeCore } from './core';

/** Query parameters, URL-decoded (the SDK sends them unencoded; docs/oci-sdk.md §4). Repeated keys = arrays. */
export class Query {
  private readonly values = new Map<string, string[]>();

  constructor(rawQuery: string) {
    for (const part of rawQuery.split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      const name = safeDecode(eq < 0 ? part : part.slice(0, eq));
      const value = safeDecode(eq < 0 ? '' : part.slice(eq + 1));
      this.values.set(name, [...(this.values.get(name) ?? []), value]);
    }
  }

  one(name: string): string | undefined {
    return this.values.get(name)?.[0];
  }

  all(name: string): string[] {
    return this.values.get(name) ?? [];
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export interface HandlerContext {
  readonly core: FakeCore;
  /** Path parameters, decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: Query;
  /** Parsed JSON body; undefined when the body was empty (the SDK drops "{}" bodies). */
  readonly body: unknown;
  readonly headers: IncomingHttpHeaders;
  /** Vault OCID when the call came through a vault's management endpoint. */
  readonly vaultId?: string;
}

export interface HandlerResult {
  /** Default 200. */
  status?: number;
  /** JSON body. */
  json?: unknown;
  /** Text body (e.g. a kubeconfig); `json` wins if both are set. */
  text?: string;
  /** Extra response headers (etag, opc-work-request-id, opc-next-page, …). */
  headers?: Record<string, string>;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path after the service prefix, with `{param}` segments, e.g. `/20160918/vcns/{vcnId}`. */
  pattern: string;
  /** OCI operation name, e.g. `CreateVcn` (what faults and the request log use). */
  op: string;
  handler: (ctx: HandlerContext) => HandlerResult;
  /** A POST that changes nothing (GetSecretBundleByName, CreateKubeconfig): not a write in the request log. */
  readOnly?: boolean;
}

interface CompiledRoute extends Route {
  segments: string[];
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** Routes of one service prefix. */
export class RouteTable {
  private readonly compiled: CompiledRoute[];

  constructor(routes: Route[]) {
    this.compiled = routes.map((r) => ({ ...r, segments: r.pattern.split('/').filter(Boolean) }));
  }

  match(method: string, path: string): RouteMatch | undefined {
    const parts = path.split('/').filter(Boolean);
    for (const route of this.compiled) {
      if (route.method !== method || route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      route.segments.forEach((seg, i) => {
        const part = parts[i]!;
        if (seg.startsWith('{') && seg.endsWith('}')) params[seg.slice(1, -1)] = safeDecode(part);
        else if (seg !== part) ok = false;
      });
      if (ok) return { route, params };
    }
    return undefined;
  }
}
