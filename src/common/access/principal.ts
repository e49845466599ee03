import { JurisdictionLevel, Role } from './roles';
import { AgencyType } from './roles';

/** The authenticated caller, loaded fresh from the database on every request. */
export interface Principal {
  id: string;
  username: string;
  fullName: string;
  role: Role;
  jurisdictionLevel: JurisdictionLevel;
  provinceCode: string | null;
  communeCode: string | null;
  agencyId: string | null;
  agencyType: AgencyType | null;
}
