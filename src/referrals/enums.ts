// Shared vocabulary lives in the kernel; re-exported here so existing imports keep working.
export { AgencyType, ReferralStatus } from '../kernel/enums';
