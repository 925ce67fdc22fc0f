import { z } from 'zod';
import { IdSchema, KecamatanCodeSchema, KelurahanCodeSchema } from './common.js';

/** What a routing rule matches on; every given field must match (lists: any of them). */
export const RoutingMatchSchema = z
  .object({
    category: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
    sourceKind: z.enum(['incident', 'service', 'feed', 'usage', 'monitor']).optional(),
    serviceId: IdSchema.optional(),
    kecamatanCode: KecamatanCodeSchema.optional(),
    kelurahanCode: KelurahanCodeSchema.optional(),
  })
  .strict();

/** One routing rule: the first rule that matches names the responsible agency. */
export const RoutingRuleSchema = z
  .object({ match: RoutingMatchSchema, agencyId: IdSchema, note: z.string().max(300).optional() })
  .strict();
export type RoutingRule = z.infer<typeof RoutingRuleSchema>;

/** A routing file: `{ rules: [...] }`, tried in order. */
export const RoutingFileSchema = z
  .object({ note: z.string().optional(), rules: z.array(RoutingRuleSchema) })
  .strict();
