import { DESCRIPTION_MAX_LENGTH, NAME_MAX_LENGTH } from './model';

/** JSON Schemas of the items API. Unknown fields are errors (additionalProperties: false), types are never coerced. */

const name = { type: 'string', minLength: 1, maxLength: NAME_MAX_LENGTH } as const;
const description = { type: ['string', 'null'], maxLength: DESCRIPTION_MAX_LENGTH } as const;

export const itemInputSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name, description },
} as const;

export const itemPatchSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { name, description },
} as const;

/**
 * Ids are positive integers without sign, leading zero or exponent, at most 16 digits; the routes also refuse
 * those above 2^53 − 1 (itemIdOf), which JSON numbers cannot carry exactly.
 */
export const idParamsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[1-9][0-9]{0,15}$' } },
} as const;

/** Query strings stay strings (no coercion): the patterns bound them, the handler converts. */
export const listQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'string', pattern: '^[1-9][0-9]{0,3}$' },
    cursor: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' },
  },
} as const;

export const itemSchema = {
  type: 'object',
  required: ['id', 'name', 'description', 'version', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    description: { type: ['string', 'null'] },
    version: { type: 'integer' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
} as const;

export const itemPageSchema = {
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: {
    items: { type: 'array', items: itemSchema },
    nextCursor: { type: ['string', 'null'] },
  },
} as const;
