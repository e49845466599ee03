/**
 * The vocabulary several features share (contract, product.md): defined once here, below every feature, so
 * that a lower feature never imports a higher one to name a role, an agency type or a form of abuse.
 */

// Who a principal is (role, jurisdiction level, agency type): defined in common/access, which decides access
// with them and sits below the kernel; re-exported here beside the rest of the vocabulary.
export { AgencyType, JurisdictionLevel, Role } from '../common/access/roles';

/** Referral lifecycle (contract). */
export enum ReferralStatus {
  SENT = 'SENT',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}

/** Forms of abuse (contract). */
export enum AbuseType {
  PHYSICAL_VIOLENCE = 'PHYSICAL_VIOLENCE',
  EMOTIONAL_VIOLENCE = 'EMOTIONAL_VIOLENCE',
  SEXUAL_ABUSE = 'SEXUAL_ABUSE',
  NEGLECT = 'NEGLECT',
  ABANDONMENT = 'ABANDONMENT',
  EXPLOITATION = 'EXPLOITATION',
  TRAFFICKING = 'TRAFFICKING',
  ABDUCTION = 'ABDUCTION',
  CHILD_MARRIAGE = 'CHILD_MARRIAGE',
  ONLINE_ABUSE = 'ONLINE_ABUSE',
  SCHOOL_VIOLENCE = 'SCHOOL_VIOLENCE',
  OTHER = 'OTHER',
}

export enum Sex {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
  UNKNOWN = 'UNKNOWN',
}

/** Relation of a reporter or perpetrator to the child (contract). */
export enum Relation {
  PARENT = 'PARENT',
  STEP_PARENT = 'STEP_PARENT',
  GRANDPARENT = 'GRANDPARENT',
  SIBLING = 'SIBLING',
  OTHER_RELATIVE = 'OTHER_RELATIVE',
  TEACHER = 'TEACHER',
  NEIGHBOUR = 'NEIGHBOUR',
  FRIEND = 'FRIEND',
  STRANGER = 'STRANGER',
  SELF = 'SELF',
  OTHER = 'OTHER',
  UNKNOWN = 'UNKNOWN',
}
