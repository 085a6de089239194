import type { Catalog } from '../i18n/i18n.ts';

export const cliMessages: Catalog = {
};
