// Shared vocabulary lives in the kernel; re-exported here so existing imports keep working.
export { AbuseType, Sex, Relation } from '../kernel/enums';

/** Intake channels (contract, product.md §3). */
export enum Channel {
  HOTLINE_111 = 'HOTLINE_111',
  PROVINCIAL_HOTLINE = 'PROVINCIAL_HOTLINE',
  ONLINE_FORM = 'ONLINE_FORM',
  WALK_IN = 'WALK_IN',
  AGENCY_NOTIFICATION = 'AGENCY_NOTIFICATION',
  OTHER = 'OTHER',
}

/** What a hotline call turned out to be (contract). Only REPORT (or flagged counselling) creates a report. */
export enum CallType {
  REPORT = 'REPORT',
  COUNSELLING = 'COUNSELLING',
  INFORMATION = 'INFORMATION',
  FOLLOW_UP = 'FOLLOW_UP',
  SILENT = 'SILENT',
  PRANK = 'PRANK',
  WRONG_NUMBER = 'WRONG_NUMBER',
}

/** Where the abuse happened (môi trường xâm hại), a breakdown of indicator 0101 (Circular 13/2021/TT-BLĐTBXH). */
export enum AbuseSetting {
  FAMILY = 'FAMILY',
  SCHOOL = 'SCHOOL',
  COMMUNITY = 'COMMUNITY',
  ONLINE = 'ONLINE',
  WORKPLACE = 'WORKPLACE',
  INSTITUTION = 'INSTITUTION',
  OTHER = 'OTHER',
  UNKNOWN = 'UNKNOWN',
}

/** Coarse status a public reporter may see through the tracking code (contract). */
export enum PublicReportStatus {
  RECEIVED = 'RECEIVED',
  IN_PROGRESS = 'IN_PROGRESS',
  CLOSED = 'CLOSED',
}

/** Why a supervisor flagged a phone number, shown to operators beside the call form until the flag expires. */
export enum CallerFlagType {
  /** Repeated prank calls. */
  PRANK = 'PRANK',
  /** Repeated silent calls (may also be a child who cannot speak freely: answer with care). */
  SILENT = 'SILENT',
  /** Abusive or threatening towards operators. */
  ABUSIVE = 'ABUSIVE',
  /** A caller who needs particular care (e.g. a child who calls often). */
  NEEDS_CARE = 'NEEDS_CARE',
  OTHER = 'OTHER',
}
