import { Place } from '../common/access/jurisdiction.rules';
import { JurisdictionLevel } from '../identity/enums';

/**
 * Who hears about an overdue obligation (product.md §6). Pure: the caller says which jurisdiction levels have
 * active supervisors for the place; these rules pick the level.
 *
 * The ladder of a place runs from the nearest jurisdiction up: its commune (when known), its province (when
 * known), the country. Level 1 goes to the nearest level that has supervisors; level 2 to the next staffed
 * level above where level 1 went (commune → province, province → national). Nobody is above the country, so
 * an escalation that already reached it goes there again rather than nowhere.
 */

export function jurisdictionLadder(place: Place): JurisdictionLevel[] {
  const ladder: JurisdictionLevel[] = [];
  if (place.communeCode) ladder.push(JurisdictionLevel.COMMUNE);
  if (place.provinceCode) ladder.push(JurisdictionLevel.PROVINCE);
  ladder.push(JurisdictionLevel.NATIONAL);
  return ladder;
}

/**
 * The jurisdiction level whose supervisors receive escalation `level` (1 or 2), given the levels that have
 * supervisors for the place and where the previous escalation went (null before level 1, or when it found
 * nobody). Null when no supervisor covers the place at all.
 */
export function escalationScope(place: Place, staffed: readonly JurisdictionLevel[], level: 1 | 2, previous: JurisdictionLevel | null): JurisdictionLevel | null {
  const ladder = jurisdictionLadder(place).filter((l) => staffed.includes(l));
  if (ladder.length === 0) return null;
  if (level === 1 || previous === null) return ladder[0];
  const full = jurisdictionLadder(place);
  const above = ladder.find((l) => full.indexOf(l) > full.indexOf(previous));
  return above ?? ladder[ladder.length - 1];
}

/** Supervisors of the nearest staffed level: who is told when an unassigned case misses a deadline. */
export function nearestSupervisorScope(place: Place, staffed: readonly JurisdictionLevel[]): JurisdictionLevel | null {
  return escalationScope(place, staffed, 1, null);
}
