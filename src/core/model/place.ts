import * as v from 'valibot';
import { COMMUNE_KINDS, VILLAGE_KINDS } from './enums.ts';
import { choice, id, requiredText } from './fields.ts';

// Administrative units are data (the 2025 reorganisation changed them): province → commune → village.
export const ProvinceSchema = v.object({ id: id(), name: requiredText() });
export type Province = v.InferOutput<typeof ProvinceSchema>;

export const CommuneSchema = v.object({
  id: id(),
  provinceId: id(),
  name: requiredText(),
  kind: choice(COMMUNE_KINDS),
});
export type Commune = v.InferOutput<typeof CommuneSchema>;

export const VillageSchema = v.object({
  id: id(),
  communeId: id(),
  name: requiredText(),
  kind: choice(VILLAGE_KINDS),
  retired: v.optional(v.boolean(), false),
});
export type Village = v.InferOutput<typeof VillageSchema>;
