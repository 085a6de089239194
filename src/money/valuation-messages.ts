// The labels of the valuation rule (src/money/valuation.ts), one wording for every report that
// shows a rounded figure, so that "rounded up: a requirement" reads the same everywhere.

import type { Catalog } from '../i18n/i18n.ts';

export const valuationMessages: Catalog = {
  'valuation.rounded_up': { en: 'rounded up: a requirement', ja: '必要額のため切り上げ' },
  'valuation.rounded_down': { en: 'rounded down: a holding', ja: '保有額のため切り捨て' },
  'valuation.rounded_down_loss': { en: 'rounded down: the coins lost, valued as holdings', ja: '流出した暗号資産を保有額として切り捨て' },
};
