// The Agency entity lives in the kernel (identity reads it too); re-exported so existing imports keep working.
export { Agency } from '../kernel/agency.entity';
