// The message catalogues live in the kernel (every feature's messages come from them); re-exported for the pages.
export * from '../../common/i18n';
