/** Formats of the statistics answer. */
export enum StatisticsFormat {
  JSON = 'json',
  CSV = 'csv',
  XLSX = 'xlsx',
}

/** What an overdue dashboard item is about. */
export enum OverdueKind {
  CASE = 'CASE',
  REFERRAL = 'REFERRAL',
}

/** Where a temporary access grant stands. */
export enum AccessGrantStatus {
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
}
