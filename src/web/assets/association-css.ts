// The association's pages' own rules, beside the dashboard's stylesheet: the dependency map's
// cells, table captions, and the board report on paper (A4, no navigation, no row split).

export const ASSOCIATION_CSS = `/* Each table's caption repeats the heading above it: kept for screen readers, not shown twice. */
caption { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
table.depmap td.hit { white-space: normal; }
/* Long column headings wrap; the figures under them stay on one line. */
th.num { white-space: normal; }
table.deps td:nth-child(3), table.deps td:nth-child(2) { min-width: 8rem; }
table.deps td:last-child { min-width: 16rem; }
table.depmap td.hit { background: #fff8c5; }
table.depmap td.empty { color: var(--muted); }
table.members th a { color: inherit; }
details.member { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: .5rem 1rem; margin: .5rem 0; }
details.member summary { cursor: pointer; font-weight: 600; }
details.member h3 { font-size: 1rem; margin: .75rem 0 .25rem; }
section.report { margin: 0 0 1.5rem; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  .noprint, header.top nav, header.top .who { display: none; }
  main { max-width: none; padding: 0; }
  table { font-size: 8.5pt; }
  tr, .verdict { break-inside: avoid; }
  section.report { break-before: auto; }
  section.report + section.report { break-before: page; }
  a { color: inherit; text-decoration: none; }
}
`;
