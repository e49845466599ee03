// Vietnamese normalisation lives in the kernel (geography and cases use it too); re-exported for intake's imports.
export { foldVietnamese, isPersonalPhone, nameSearchKey, nameTokens, nameTokensSql, normaliseFreeText, normalisePhone } from '../kernel/normalise.rules';
