// The dashboard's one stylesheet, a module so that it travels with the code (sources or build).
// No inline styles anywhere: the CSP allows styles from this server only.

export const STYLE_CSS = `:root {
  --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg: #f6f8fa; --card: #ffffff;
  --ok: #1a7f37; --ok-bg: #dafbe1; --bad: #cf222e; --bad-bg: #ffebe9; --warn: #9a6700; --warn-bg: #fff8c5;
  --accent: #0b5cad;
  font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", system-ui, sans-serif;
  color: var(--ink); background: var(--bg); line-height: 1.5;
}
* { box-sizing: border-box; }
body { margin: 0; }
a { color: var(--accent); }
a:focus, button:focus, input:focus, select:focus { outline: 3px solid #ffbf47; outline-offset: 1px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--card); padding: .5rem; z-index: 10; }
header.top { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; padding: .75rem 1.25rem; background: var(--card); border-bottom: 1px solid var(--line); }
header.top .brand { font-weight: 700; font-size: 1.1rem; text-decoration: none; color: var(--ink); }
header.top nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; margin: 0; padding: 0; }
header.top nav a[aria-current="page"] { font-weight: 700; text-decoration: none; color: var(--ink); }
header.top .who { margin-left: auto; display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; color: var(--muted); font-size: .9rem; }
header.top form { display: inline; margin: 0; }
main { max-width: 72rem; margin: 0 auto; padding: 1.25rem; }
h1 { font-size: 1.5rem; margin: .25rem 0 1rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
.verdict { font-size: 1.15rem; font-weight: 700; padding: .75rem 1rem; border-radius: .5rem; border: 2px solid; margin: 0 0 1rem; }
.verdict.ok { color: var(--ok); background: var(--ok-bg); border-color: var(--ok); }
.verdict.bad { color: var(--bad); background: var(--bad-bg); border-color: var(--bad); }
.meta { color: var(--muted); margin: -.5rem 0 1rem; overflow-wrap: anywhere; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); gap: 1rem; }
.tile { background: var(--card); border: 1px solid var(--line); border-left: 6px solid var(--line); border-radius: .5rem; padding: .75rem 1rem; }
.tile.ok { border-left-color: var(--ok); }
.tile.bad { border-left-color: var(--bad); }
.tile h3 { margin: 0 0 .25rem; font-size: 1rem; display: flex; justify-content: space-between; gap: .5rem; flex-wrap: wrap; }
.badge { display: inline-block; font-size: .8rem; font-weight: 700; padding: .05rem .5rem; border-radius: 1rem; }
.badge.ok { color: var(--ok); background: var(--ok-bg); }
.badge.bad { color: var(--bad); background: var(--bad-bg); }
.badge.warn { color: var(--warn); background: var(--warn-bg); }
dl.figures { display: grid; grid-template-columns: auto 1fr; gap: .1rem .75rem; margin: .5rem 0 0; font-size: .9rem; }
dl.figures dt { color: var(--muted); }
dl.figures dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.rule { font-size: .85rem; margin: .5rem 0 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; background: var(--card); font-size: .9rem; }
.table-wrap { overflow-x: auto; max-width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: .4rem .6rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.id { font-family: ui-monospace, monospace; font-size: .8rem; overflow-wrap: anywhere; }
ul.alerts { list-style: none; padding: 0; margin: 0; display: grid; gap: .5rem; }
ul.alerts li { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: .5rem .75rem; }
form.card, section.card { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: 1rem; max-width: 32rem; }
label { display: block; margin: .5rem 0 .25rem; font-weight: 600; }
input[type="text"], input[type="password"] { width: 100%; padding: .5rem; font-size: 1rem; border: 1px solid var(--line); border-radius: .25rem; }
input[type="file"] { max-width: 100%; }
/* The file picker: the native control out of sight but focused and read (pages/snapshots.ts), its label the button. */
input.file-input { position: absolute; width: 1px; height: 1px; opacity: 0; overflow: hidden; clip-path: inset(50%); }
label.file-button { display: inline-block; font-weight: 400; margin: .25rem 0; padding: .45rem 1rem; border-radius: .35rem; border: 1px solid var(--accent); background: var(--card); color: var(--accent); cursor: pointer; }
label.file-button:hover { background: var(--bg); }
input.file-input:focus + label.file-button { outline: 3px solid #ffbf47; outline-offset: 1px; }
p.chosen { margin: .25rem 0; overflow-wrap: anywhere; }
p.chosen:empty { display: none; }
button { font: inherit; padding: .45rem 1rem; border-radius: .35rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; margin-top: .75rem; }
button.link { background: none; border: none; color: var(--accent); padding: 0; margin: 0; text-decoration: underline; }
.error { color: var(--bad); background: var(--bad-bg); border: 1px solid var(--bad); border-radius: .35rem; padding: .5rem .75rem; margin: 0 0 1rem; }
.note { color: var(--muted); font-size: .85rem; }
.verdict.neutral { color: var(--ink); background: var(--card); border-color: var(--accent); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 30rem), 1fr)); gap: 1rem; }
figure.chart-figure { margin: 0; background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: .75rem; min-width: 0; }
figure.chart-figure figcaption { font-weight: 600; margin-bottom: .25rem; }
.chart { width: 100%; height: 20rem; }
svg.timeline, svg.tower, svg.reinsurance, svg.waterfall { display: block; background: var(--card); border: 1px solid var(--line); border-radius: .5rem; margin: .5rem 0 1rem; max-width: 100%; height: auto; }
form.card.inline { max-width: none; display: flex; flex-wrap: wrap; gap: .25rem .75rem; align-items: end; }
form.card.inline label { margin: 0; }
form.card.wide { max-width: 48rem; }
select, input[type="number"], input.amount { font: inherit; padding: .4rem; border: 1px solid var(--line); border-radius: .25rem; max-width: 100%; }
input.amount { width: 12rem; text-align: right; }
textarea { width: 100%; font-family: ui-monospace, monospace; font-size: .85rem; padding: .5rem; border: 1px solid var(--line); border-radius: .25rem; }
input.secret { width: 100%; font-family: ui-monospace, monospace; padding: .5rem; }
label.plain { font-weight: 400; display: inline; margin: 0; }
fieldset { border: 1px solid var(--line); border-radius: .35rem; margin: .75rem 0; padding: .5rem .75rem; min-width: 0; }
caption { text-align: left; font-weight: 600; padding: .5rem 0 .25rem; }
dl.figures.summary { max-width: 36rem; font-size: 1rem; }
ul.downloads { padding-left: 1.25rem; }
ul.downloads li { margin: .25rem 0; }
progress { width: min(100%, 24rem); height: 1.25rem; }
.upload-box { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: .75rem 1rem; margin: 1rem 0; max-width: 32rem; overflow-wrap: anywhere; }
.upload-box[data-state="failed"] { border: 2px solid var(--bad); }
.upload-box[hidden] { display: none; }
code.hash { font-size: .85rem; overflow-wrap: anywhere; }
th a { color: inherit; }
td.id { min-width: 6rem; }
/* A table of many columns keeps its width on a phone and scrolls inside its frame. */
table.wide { min-width: 44rem; }
/*
 * A table.stack on a narrow screen, where its columns would not fit side by side: each row a block,
 * each cell a line under its column's name (data-label; the '/ ""' keeps that name out of what a
 * screen reader reads, which has the column headers, hidden from sight but not from it).
 */
@media (max-width: 40rem) {
  table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  table.stack, table.stack tbody, table.stack tr { display: block; }
  table.stack tr { border-bottom: 1px solid var(--line); padding: .35rem 0; }
  table.stack td { display: grid; grid-template-columns: minmax(6rem, 40%) minmax(0, 1fr); gap: .75rem; border: none; padding: .15rem .4rem; overflow-wrap: anywhere; }
  table.stack td::before { content: attr(data-label) / ""; color: var(--muted); font-weight: 600; text-align: left; font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", system-ui, sans-serif; font-size: .85rem; }
  table.stack td.num { white-space: normal; }
  table.stack td.action { display: block; }
}
@media print {
  form.card { display: none; }
  svg.timeline, svg.tower, svg.reinsurance, svg.waterfall, figure.chart-figure { break-inside: avoid; }
  .verdict { border-width: 3px; }
}
@media (max-width: 480px) {
  main { padding: .75rem; }
  input.amount { width: 7rem; }
  header.top .who { margin-left: 0; }
  th, td { padding: .3rem .4rem; }
}
@media print {
  header.top nav, header.top .who form, .skip, button { display: none; }
  body, :root { background: #fff; }
  .tile, table { break-inside: avoid; }
}
`;
