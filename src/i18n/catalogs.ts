// The one place that knows every module's messages. Add a module's catalog here.
import type { Catalog } from './i18n.ts';
import { Translator, type Lang } from './i18n.ts';
import { moneyMessages } from '../money/messages.ts';
import { valuationMessages } from '../money/valuation-messages.ts';
import { inputMessages } from '../input/messages.ts';
import { snapshotMessages } from '../snapshot/messages.ts';
import { storeMessages } from '../store/messages.ts';
import { cliMessages } from '../cli/messages.ts';
import { compensationMessages } from '../compensation/messages.ts';
import { insuranceMessages } from '../insurance/messages.ts';
import { incidentMessages } from '../incident/messages.ts';
import { demoMessages } from '../demo/messages.ts';
import { coverageMessages } from '../coverage/messages.ts';
import { riskMessages } from '../risk/messages.ts';
import { appMessages } from '../app/messages.ts';
import { serverMessages } from '../server/messages.ts';
import { proofMessages } from '../proof/messages.ts';
import { reservesMessages } from '../reserves/messages.ts';
import { webMessages } from '../web/messages.ts';
import { dashMessages } from '../web/dash/messages.ts';
import { LABELLED_PARAMS, labelMessages } from './labels.ts';

export const ALL_CATALOGS: Record<string, Catalog> = {
  money: moneyMessages,
  valuation: valuationMessages,
  input: inputMessages,
  snapshot: snapshotMessages,
  store: storeMessages,
  cli: cliMessages,
  compensation: compensationMessages,
  insurance: insuranceMessages,
  incident: incidentMessages,
  demo: demoMessages,
  coverage: coverageMessages,
  risk: riskMessages,
  app: appMessages,
  server: serverMessages,
  proof: proofMessages,
  reserves: reservesMessages,
  web: webMessages,
  web_dash: dashMessages,
  labels: labelMessages,
};

export function translator(lang: Lang): Translator {
  const merged: Catalog = {};
  for (const catalog of Object.values(ALL_CATALOGS)) Object.assign(merged, catalog);
  return new Translator(lang, merged, LABELLED_PARAMS);
}
