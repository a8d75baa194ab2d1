import { z } from 'zod';
import raw from './prices.json';

/** One list price: the part, what it counts, its rate and where and when that rate was read. */
const priceSchema = z.strictObject({
  /** Oracle part number (SKU), or `none` for what the price list does not charge. */
  part: z.string().regex(/^(B\d{5,6}|none)$/, { message: 'must be an Oracle part number such as B96545, or "none"' }),
  name: z.string().min(1),
  /** Oracle's metric, e.g. "OCPU Per Hour". */
  metric: z.string().min(1),
  usd: z.number().min(0),
  /** Public page the rate comes from. */
  source: z.string().regex(/^https:\/\//, { message: 'must be the https URL of the public price page' }),
  /** How and when it was read (and whether it was re-checked). */
  read: z.string().min(10),
  maxFreeKeyVersions: z.number().int().min(0).optional(),
});

const shapePriceSchema = z.strictObject({ ocpu: priceSchema, memory: priceSchema });

const pricesFileSchema = z.strictObject({
  about: z.string(),
  currency: z.literal('USD'),
  /** Date of the price list the rates come from. */
  priceListDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** When they were read into this file. */
  readOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  howRead: z.string().min(10),
  priceListUrl: z.string().regex(/^https:\/\//),
  hoursPerMonth: z.strictObject({ value: z.number().int().min(672).max(744), source: z.string().regex(/^https:\/\//), why: z.string() }),
  prices: z.strictObject({
    okeEnhancedCluster: priceSchema,
    okeVirtualNode: priceSchema,
    podShapes: z.strictObject({
      'Pod.Standard.E4.Flex': shapePriceSchema,
      'Pod.Standard.E3.Flex': shapePriceSchema,
      'Pod.Standard.A1.Flex': shapePriceSchema,
    }),
    loadBalancerBase: priceSchema,
    loadBalancerBandwidth: priceSchema,
    networkLoadBalancer: priceSchema,
    mysqlEcpu: priceSchema,
    mysqlStorage: priceSchema,
    vaultDefault: priceSchema,
    vaultVirtualPrivate: priceSchema,
    keyVersions: priceSchema.extend({ maxFreeKeyVersions: z.number().int().min(0) }),
    loggingStorage: priceSchema,
  }),
  mysqlEcpuShapes: z.strictObject({
    source: z.string().regex(/^https:\/\//),
    read: z.string(),
    ecpus: z.record(z.string(), z.number().int().min(1)),
  }),
});

export type PriceList = z.output<typeof pricesFileSchema>;
export type Price = z.output<typeof priceSchema>;

/** Validates a price list; a broken one is an error naming the entry and the field. */
export function parsePriceList(data: unknown, file = 'lib/cost/prices.json'): PriceList {
  const parsed = pricesFileSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new Error(`${file} is not a valid price list:\n${problems.join('\n')}`);
}

/** The project's price list (lib/cost/prices.json), validated. */
export const PRICES: PriceList = parsePriceList(raw);
