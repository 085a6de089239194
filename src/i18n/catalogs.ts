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
import { associationMessages, associationViewMessages } from '../association/messages.ts';
import { webAssociationMessages } from '../web/association/messages.ts';
import { dashMessages } from '../web/dash/messages.ts';
import { reportsMessages } from '../reports/messages.ts';
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
  association: associationMessages,
  association_view: associationViewMessages,
  web_association: webAssociationMessages,
  web_dash: dashMessages,
  reports: reportsMessages,
  labels: labelMessages,
};

/** One translator per language: merging every catalogue is work a service would otherwise do per request. */
const TRANSLATORS = new Map<Lang, Translator>();

export function translator(lang: Lang): Translator {
  let tr = TRANSLATORS.get(lang);
  if (tr === undefined) {
    const merged: Catalog = {};
    for (const catalog of Object.values(ALL_CATALOGS)) Object.assign(merged, catalog);
    tr = new Translator(lang, merged, LABELLED_PARAMS);
    TRANSLATORS.set(lang, tr);
  }
  return tr;
}
