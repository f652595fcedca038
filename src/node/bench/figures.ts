// The figures a benchmark reports, printed as a table and as one machine-readable line that
// run-all.ts (npm run bench) gathers into the table of every figure.
export interface Figure {
  figure: string;
  value: number;
  unit: string;
  /** What the figure is compared with, measured in the same run or sitting. */
  baseline?: string;
  baselineValue?: number;
  /** How many times better than the baseline (> 1: better). */
  ratio?: number;
  goal?: string;
  /** undefined: not judged (not measured, or a --quick run). */
  met?: boolean;
}

export const FIGURES_PREFIX = 'BENCH-FIGURES ';

const num = (x: number | undefined, unit = '') =>
  x === undefined ? '' : `${x.toLocaleString('en-US', { maximumFractionDigits: x >= 100 ? 0 : x >= 10 ? 1 : 3 })}${unit ? ` ${unit}` : ''}`;

export function figureTable(rows: (Figure & { bench?: string })[], quick: boolean): string {
  const cells = rows.map((f) => [
    f.bench ? `${f.bench}: ${f.figure}` : f.figure,
    num(f.value, f.unit),
    f.baseline ? `${num(f.baselineValue, f.unit)} (${f.baseline})` : '',
    f.ratio === undefined ? '' : `×${num(f.ratio)}`,
    f.goal ?? '',
    quick || f.met === undefined ? (f.goal ? 'not judged' : '') : f.met ? 'met' : 'NOT met',
  ]);
  const head = ['figure', 'value', 'baseline', 'ratio', 'goal', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i])).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

export function printFigures(bench: string, figures: Figure[], quick: boolean): void {
  console.log(figureTable(figures, quick));
  if (quick) console.log('(--quick: a smoke run; figures are not judged against the goals)');
  console.log(FIGURES_PREFIX + JSON.stringify({ bench, quick, figures }));
}
