import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../http/errors';
import { decodeCursor, encodeCursor } from './cursor';
import { etagOf, type Item, type ItemInput, type ItemPatch, MAX_ID, PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX } from './model';
import type { ExpectedVersion, ItemRepository } from './repository';
import { idParamsSchema, itemInputSchema, itemPageSchema, itemPatchSchema, itemSchema, listQuerySchema } from './schemas';

export const ITEMS_PATH = '/api/items';

interface IdParams {
  id: string;
}
interface ListQuery {
  limit?: string;
  cursor?: string;
}

/**
 * The item id of a path, exactly. The schema admits up to 16 digits; past 2^53 − 1 `Number()` rounds (2^53 + 1
 * becomes 2^53), so such an id would reach another row: it is refused before any statement runs.
 */
export function itemIdOf(raw: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || String(id) !== raw) {
    throw new ApiError(400, 'VALIDATION_FAILED', `Invalid path: id must be at most ${MAX_ID}`, [{ field: 'id', message: `must be at most ${MAX_ID}` }]);
  }
  return id;
}

function notFound(id: number): ApiError {
  return new ApiError(404, 'ITEM_NOT_FOUND', `Item ${id} does not exist`);
}

function stale(current: Item): ApiError {
  return new ApiError(412, 'PRECONDITION_FAILED', `Item ${current.id} has changed (now version ${current.version}): read it again and retry with its ETag`, [
    { field: 'If-Match', message: `does not match the current ETag ${etagOf(current.version)}` },
  ], { etag: etagOf(current.version) });
}

const IF_MATCH_HELP = 'must be * or one strong ETag exactly as returned in the ETag header, e.g. "3"';

/** Parses If-Match: `*` or one strong entity tag `"<version>"`. Weak tags never match (RFC 9110 §13.1.1). */
export function parseIfMatch(header: string | undefined, required: boolean): ExpectedVersion | undefined {
  if (header === undefined) {
    if (!required) return undefined;
    throw new ApiError(428, 'PRECONDITION_REQUIRED', 'If-Match is required: send the ETag from your last read of this item', [
      { field: 'If-Match', message: 'is required' },
    ]);
  }
  const value = header.trim();
  if (value === '*') return '*';
  const match = /^"([1-9][0-9]{0,9})"$/.exec(value);
  if (match === null) throw new ApiError(400, 'VALIDATION_FAILED', `Invalid headers: If-Match ${IF_MATCH_HELP}`, [{ field: 'If-Match', message: IF_MATCH_HELP }]);
  return Number(match[1]);
}

function ifMatch(request: FastifyRequest): string | undefined {
  const header = request.headers['if-match'];
  return Array.isArray(header) ? header.join(', ') : header;
}

function withEtag(reply: FastifyReply, item: Item): FastifyReply {
  return reply.header('etag', etagOf(item.version));
}

/** CRUD routes for items. */
export function registerItemRoutes(app: FastifyInstance, repo: ItemRepository): void {
  const itemResponse = { 200: itemSchema };

  app.post<{ Body: ItemInput }>(ITEMS_PATH, { schema: { body: itemInputSchema, response: { 201: itemSchema } } }, async (request, reply) => {
    const item = await repo.create(request.body);
    return withEtag(reply, item).code(201).header('location', `${ITEMS_PATH}/${item.id}`).send(item);
  });

  app.get<{ Querystring: ListQuery }>(ITEMS_PATH, { schema: { querystring: listQuerySchema, response: { 200: itemPageSchema } } }, async (request) => {
    const limit = request.query.limit === undefined ? PAGE_SIZE_DEFAULT : Number(request.query.limit);
    if (limit > PAGE_SIZE_MAX) {
      throw new ApiError(400, 'VALIDATION_FAILED', `Invalid query: limit must be at most ${PAGE_SIZE_MAX}`, [
        { field: 'limit', message: `must be at most ${PAGE_SIZE_MAX}` },
      ]);
    }
    let afterId = 0;
    if (request.query.cursor !== undefined) {
      const decoded = decodeCursor(request.query.cursor);
      if (decoded === undefined) {
        throw new ApiError(400, 'VALIDATION_FAILED', 'Invalid query: cursor is not one this server issued; use nextCursor from the previous page', [
          { field: 'cursor', message: 'is not a cursor this server issued' },
        ]);
      }
      afterId = decoded;
    }
    const page = await repo.list(afterId, limit);
    const last = page.items[page.items.length - 1];
    return { items: page.items, nextCursor: page.more && last !== undefined ? encodeCursor(last.id) : null };
  });

  app.get<{ Params: IdParams }>(`${ITEMS_PATH}/:id`, { schema: { params: idParamsSchema, response: itemResponse } }, async (request, reply) => {
    const id = itemIdOf(request.params.id);
    const item = await repo.get(id);
    if (item === undefined) throw notFound(id);
    return withEtag(reply, item).send(item);
  });

  const update = (replace: boolean) => async (request: FastifyRequest<{ Params: IdParams; Body: ItemInput | ItemPatch }>, reply: FastifyReply) => {
    const id = itemIdOf(request.params.id);
    const expected = parseIfMatch(ifMatch(request), true) ?? '*';
    const outcome = await repo.update(id, expected, request.body, replace);
    if (outcome.kind === 'not-found') throw notFound(id);
    if (outcome.kind === 'stale') throw stale(outcome.current);
    return withEtag(reply, outcome.item).send(outcome.item);
  };

  app.put<{ Params: IdParams; Body: ItemInput }>(`${ITEMS_PATH}/:id`, { schema: { params: idParamsSchema, body: itemInputSchema, response: itemResponse } }, update(true));
  app.patch<{ Params: IdParams; Body: ItemPatch }>(`${ITEMS_PATH}/:id`, { schema: { params: idParamsSchema, body: itemPatchSchema, response: itemResponse } }, update(false));

  app.delete<{ Params: IdParams }>(`${ITEMS_PATH}/:id`, { schema: { params: idParamsSchema } }, async (request, reply) => {
    const id = itemIdOf(request.params.id);
    const outcome = await repo.delete(id, parseIfMatch(ifMatch(request), false));
    if (outcome.kind === 'not-found') throw notFound(id);
    if (outcome.kind === 'stale') throw stale(outcome.current);
    return reply.code(204).send();
  });
}
