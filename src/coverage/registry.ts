// Every regime the engine knows, by id. Adding a regime is one module and one line here.

import type { RegimeModule } from './regime.ts';
import { bhCbb } from './regimes/bh-cbb.ts';
import { hkSfc2023 } from './regimes/hk-sfc-2023.ts';
import { jp2026LiabilityReserve } from './regimes/jp-2026-liability-reserve.ts';
import { jpPsa2020 } from './regimes/jp-psa-2020.ts';
import { jvcea2018Draft } from './regimes/jvcea-2018-draft.ts';
import { mica } from './regimes/mica.ts';
import { sgMas } from './regimes/sg-mas.ts';

export const REGIMES: readonly RegimeModule[] = [jpPsa2020, jvcea2018Draft, jp2026LiabilityReserve, hkSfc2023, sgMas, bhCbb, mica];

export const REGIME_IDS: readonly string[] = REGIMES.map((r) => r.id);

export function regimeById(id: string): RegimeModule | undefined {
  return REGIMES.find((r) => r.id === id);
}
