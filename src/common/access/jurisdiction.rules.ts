import { JurisdictionLevel } from './roles';

export interface Jurisdiction {
  jurisdictionLevel: JurisdictionLevel;
  provinceCode: string | null;
  communeCode: string | null;
}

export interface Place {
  provinceCode: string | null;
  communeCode: string | null;
}

/**
 * Whether a place lies inside a jurisdiction. A place with no province (national triage) belongs only to
 * national jurisdictions; a place known only to its province is not inside any commune jurisdiction.
 */
export function jurisdictionCovers(j: Jurisdiction, place: Place): boolean {
  switch (j.jurisdictionLevel) {
    case JurisdictionLevel.NATIONAL:
      return true;
    case JurisdictionLevel.PROVINCE:
      return !!place.provinceCode && place.provinceCode === j.provinceCode;
    case JurisdictionLevel.COMMUNE:
      return !!place.communeCode && place.communeCode === j.communeCode;
    default:
      return false;
  }
}

/** Whether jurisdiction `outer` contains all of `inner` (e.g. a province supervisor over a commune worker). */
export function jurisdictionContains(outer: Jurisdiction, inner: Jurisdiction): boolean {
  if (outer.jurisdictionLevel === JurisdictionLevel.NATIONAL) return true;
  if (inner.jurisdictionLevel === JurisdictionLevel.NATIONAL) return false;
  if (outer.jurisdictionLevel === JurisdictionLevel.PROVINCE) return outer.provinceCode === inner.provinceCode;
  return inner.jurisdictionLevel === JurisdictionLevel.COMMUNE && outer.communeCode === inner.communeCode;
}

/**
 * SQL condition restricting rows with `<alias>.province_code` / `<alias>.commune_code` to a jurisdiction.
 * Returned as text + named parameters for TypeORM query builders; one place reused by every module.
 */
export function jurisdictionSql(j: Jurisdiction, alias: string, paramPrefix = 'jur'): { sql: string; params: Record<string, unknown> } {
  switch (j.jurisdictionLevel) {
    case JurisdictionLevel.NATIONAL:
      return { sql: 'TRUE', params: {} };
    case JurisdictionLevel.PROVINCE:
      return { sql: `${alias}.province_code = :${paramPrefix}Province`, params: { [`${paramPrefix}Province`]: j.provinceCode } };
    case JurisdictionLevel.COMMUNE:
      return { sql: `${alias}.commune_code = :${paramPrefix}Commune`, params: { [`${paramPrefix}Commune`]: j.communeCode } };
    default:
      return { sql: 'FALSE', params: {} };
  }
}
