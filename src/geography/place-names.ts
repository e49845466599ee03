import { loadOfficialGeography } from './geography.data';

/**
 * Names of provinces and communes by official code, for views and exports that carry codes. The official list
 * is small (34 + 3,321 rows) and is the same data the geography tables are synced from, so it is read once into
 * memory instead of being joined into every query.
 */
let names: { provinces: Map<string, string>; communes: Map<string, string>; communeProvinces: Map<string, string> } | null = null;

function load() {
  if (!names) {
    const { provinces, communes } = loadOfficialGeography();
    names = {
      provinces: new Map(provinces.map((p) => [p.code, p.name])),
      communes: new Map(communes.map((c) => [c.code, c.name])),
      communeProvinces: new Map(communes.map((c) => [c.code, c.provinceCode])),
    };
  }
  return names;
}

/** Whether the code is an official province's. */
export function isProvinceCode(code: string): boolean {
  return load().provinces.has(code);
}

/** The province of an official commune; null for a code that is not one. */
export function provinceOfCommuneCode(code: string): string | null {
  return load().communeProvinces.get(code) ?? null;
}

export function provinceName(code: string | null | undefined): string | null {
  return code ? (load().provinces.get(code) ?? null) : null;
}

export function communeName(code: string | null | undefined): string | null {
  return code ? (load().communes.get(code) ?? null) : null;
}

/** "Phường Hà Tu, Quảng Ninh", the province alone, or null when nothing is known. */
export function placeLabel(provinceCode: string | null | undefined, communeCode: string | null | undefined): string | null {
  const province = provinceName(provinceCode) ?? provinceCode ?? null;
  const commune = communeName(communeCode) ?? communeCode ?? null;
  if (commune && province) return `${commune}, ${province}`;
  return commune ?? province;
}
