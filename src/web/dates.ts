// Instants as the exchange's people read them: in the exchange's time zone, "2026年11月24日 18:00"
// in Japanese and "24 Nov 2026 18:00" in English, with the zone named once on the page
// (src/i18n/dates.ts, shared with the command line and the documents).

export { shownInstant } from '../i18n/dates.ts';
