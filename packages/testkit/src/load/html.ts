import type { LoadReport } from './report.ts';
import { outcomeOf, KINDS } from './recorder.ts';
import { PALETTE, escapeHtml as e, lineChart, type Line } from './svg.ts';
import { formatDuration, formatMs } from './units.ts';

/**
 * The HTML report: one self-contained page (inline CSS and SVG, no script, no network) with the verdict, the
 * SLOs, the plots (latency percentiles over time, p99 per kind, throughput, signed-in users, answers that were
 * not accepted by code, CPU and memory per process) and the tables behind them. docs/load.md says how to read it.
 */
export function toHtml(r: LoadReport): string {
  const xMaxMs = Math.max(r.durationMs, ...r.series.points.map((p) => p.t + r.series.intervalMs));
  const marks = r.timeline.map((m) => ({ t: m.t, label: m.label }));
  const bands = r.phases.rampUpMs ? [{ from: 0, to: r.phases.rampUpMs, label: 'ramp-up' }] : [];
  const mid = (t: number) => t + r.series.intervalMs / 2;
  const pts = (f: (p: LoadReport['series']['points'][number]) => number) => r.series.points.map((p) => [mid(p.t), f(p)] as [number, number]);
  const chart = (id: string, title: string, yLabel: string, lines: Line[], log = false) => lineChart({ id, title, yLabel, lines, xMaxMs, marks, bands, log });

  const kinds = KINDS.filter((k) => r.series.points.some((p) => p.p99ByKind[k] !== undefined));
  const codes = [...new Set(r.series.points.flatMap((p) => Object.keys(p.codes)))].filter((c) => outcomeOf(Number(c)) !== 'ok').sort();
  const processes = r.processes.filter((p) => p.points.length);
  const plots = [
    chart('latency', 'Answer latency over time (all kinds)', 'ms (log)', [
      { name: 'p50', color: PALETTE[2]!, points: pts((p) => p.latency.p50) },
      { name: 'p90', color: PALETTE[0]!, points: pts((p) => p.latency.p90) },
      { name: 'p99', color: PALETTE[3]!, points: pts((p) => p.latency.p99) },
      { name: 'max', color: PALETTE[1]!, points: pts((p) => p.latency.max), dashed: true },
    ], true),
    chart('latency-by-kind', 'p99 latency by request kind', 'ms (log)', kinds.map((k, i) => ({ name: k, color: PALETTE[i % PALETTE.length]!, points: r.series.points.filter((p) => p.p99ByKind[k] !== undefined).map((p) => [mid(p.t), p.p99ByKind[k]!] as [number, number]) })), true),
    chart('throughput', 'Throughput: answers per second', 'answers/s', [{ name: 'answers/s', color: PALETTE[0]!, points: pts((p) => p.rate) }]),
    chart('signed-in', 'Signed-in users', 'users', [{ name: 'signed in', color: PALETTE[4]!, points: pts((p) => p.signedIn) }]),
    chart('errors', 'Answers other than 200/202, by code (per interval)', 'answers', codes.map((c, i) => ({
      name: `${c === '0' ? 'no answer' : c}${outcomeOf(Number(c)) === 'error' ? ' (error)' : ''}`,
      color: outcomeOf(Number(c)) === 'error' ? PALETTE[[1, 3, 6, 5][i % 4]!]! : PALETTE[[0, 2, 4, 7, 8][i % 5]!]!,
      points: pts((p) => p.codes[c] ?? 0),
    }))),
    chart('cpu', 'CPU per process (100 % = one core busy)', '% of one core', [
      ...processes.map((p, i) => ({ name: `${p.name}${p.role === 'generator' ? ' ⚙' : ''}`, color: PALETTE[i % PALETTE.length]!, points: p.points.map((q) => [q.t, q.cpu] as [number, number]), ...(p.role === 'generator' ? { dashed: true } : {}) })),
      { name: `machine (${r.machine.cores} cores)`, color: '#000', points: r.machine.points.map((q) => [q.t, q.cpu] as [number, number]), dashed: true },
    ]),
    chart('memory', 'Memory per process (resident)', 'MB', processes.map((p, i) => ({ name: p.name, color: PALETTE[i % PALETTE.length]!, points: p.points.map((q) => [q.t, q.rssMb] as [number, number]), ...(p.role === 'generator' ? { dashed: true } : {}) }))),
  ];

  const slos = r.slos.length
    ? `<table class="slos"><tr><th>objective</th><th>measured</th><th></th></tr>${r.slos.map((s) => `<tr class="${s.passed ? 'pass' : 'fail'}"><td><code>${e(s.slo)}</code></td><td>${e(s.shown)}</td><td>${s.passed ? '✓ met' : '✗ missed'}</td></tr>`).join('')}</table>`
    : '<p>No SLOs in this profile: the run passes whatever it measured.</p>';
  const d = r.delivery;
  const status = r.slos.length ? (r.passed ? '<span class="pass">every SLO met</span>' : `<span class="fail">${r.slos.filter((s) => !s.passed).length} SLO missed</span>`) : '';
  const card = (label: string, value: string, bad = false) => `<div class="card${bad ? ' bad' : ''}"><div>${e(label)}</div><b>${e(value)}</b></div>`;
  const overall = r.requests.length ? Math.max(...r.requests.map((q) => q.latencyMs.p99)) : 0;

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>fedlab load: ${e(r.profile.name)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#222;margin:0 auto;max-width:1040px;padding:16px 24px 48px}
h1{font-size:22px;margin:8px 0 2px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.sub{color:#666}.pass{color:#1a7f37}.fail{color:#c62828;font-weight:600}
.cards{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0}.card{border:1px solid #ddd;border-radius:6px;padding:6px 12px;min-width:120px}
.card div{color:#666;font-size:12px}.card b{font-size:18px}.card.bad{border-color:#c62828;background:#fff4f4}
table{border-collapse:collapse;font-size:13px;margin:6px 0}td,th{border-bottom:1px solid #eee;padding:3px 8px;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}tr.fail td{background:#fff4f4}
figure.plot{margin:14px 0}figcaption{font-size:13px;margin-bottom:2px}.key{margin-left:12px;white-space:nowrap;color:#444}
.key i{display:inline-block;width:12px;height:3px;margin-right:4px;vertical-align:middle}
svg .frame{fill:#fcfcfc;stroke:#ccc}svg .grid{stroke:#eee}svg .tick{font-size:11px;fill:#666}svg .axis{font-size:12px;fill:#444}
svg .series{fill:none;stroke-width:1.8}svg .mark{stroke:#888;stroke-dasharray:3 3}svg .mark-label{font-size:10px;fill:#666}svg .band{fill:#f0f0f6}
.verdict{padding:8px 12px;border-left:4px solid #1f77b4;background:#f5f8fc}code{font-size:12px}
</style></head><body>
<h1>fedlab load: ${e(r.profile.name)} ${status}</h1>
<div class="sub">${e(r.profile.file)} · ${e(r.target.label)} · started ${e(r.startedAt)} · ${formatDuration(r.durationMs)} (ramp-up ${formatDuration(r.phases.rampUpMs)}) · seed ${r.profile.seed}</div>
${r.interruptedAtMs !== null ? `<p class="fail">Interrupted at ${formatDuration(r.interruptedAtMs)}: what follows is what was measured until then.</p>` : ''}
${r.profile.description ? `<p>${e(r.profile.description)}</p>` : ''}
<div class="cards">
${card('requests', String(r.totals.requests))}${card('throughput', `${r.totals.throughput}/s`)}${card('error rate', `${(r.totals.errorRate * 100).toFixed(2)}%`, r.totals.errors > 0)}
${card('worst p99 of a kind and path', formatMs(overall))}${card('users signed in (peak)', `${r.users.peakSignedIn} of ${r.users.total}`)}
${card('lost', String(d.lost), d.lost > 0)}${card('duplicated', String(d.duplicated), d.duplicated > 0)}${card('delivered after failure', String(d.deliveredAfterFailure), d.deliveredAfterFailure > 0)}${card('failed but delivered', String(d.failedButDelivered), d.failedButDelivered > 0)}
${card('out of order', String(d.outOfOrder), d.outOfOrder > 0)}${card('unanswered', String(d.unanswered), d.unanswered > 0)}
</div>
<p class="verdict">${e(r.verdict.text)} Generator: ${r.generator.processes} process${r.generator.processes === 1 ? '' : 'es'}, CPU ${r.generator.cpu.avg}% of a core on average (max ${r.generator.cpu.max}%), event loop delay p99 ${r.generator.loopDelayMedianMs} ms in a typical interval, ${r.generator.loopDelayP99Ms} ms in the worst.</p>
${r.warnings.map((w) => `<p class="fail">${e(w)}</p>`).join('')}
<h2>SLOs</h2>${slos}
<h2>Plots</h2>
${plots.join('\n')}
<h2>Requests by kind and path</h2>
<table><tr><th>kind</th><th>path</th><th class="n">count</th><th class="n">p50</th><th class="n">p90</th><th class="n">p99</th><th class="n">p99.9</th><th class="n">max</th><th>codes</th><th>reasons</th></tr>
${r.requests.map((q) => `<tr${q.errors ? ' class="fail"' : ''}><td>${e(q.kind)}</td><td>${e(q.path)}</td><td class="n">${q.count}</td>${[q.latencyMs.p50, q.latencyMs.p90, q.latencyMs.p99, q.latencyMs.p999, q.latencyMs.max].map((v) => `<td class="n">${formatMs(v)}</td>`).join('')}<td>${e(counts(q.codes))}</td><td>${e(counts(q.reasons))}</td></tr>`).join('\n')}
</table>
<h2>Delivery</h2>
<table><tr><th>kind</th><th>path</th><th class="n">answered</th><th class="n">200</th><th class="n">delivered</th><th class="n">lost</th><th class="n">duplicated</th><th class="n">after failure</th><th class="n">failed, delivered</th><th class="n">out of order</th><th class="n">unanswered</th></tr>
${d.byRow.map((x) => `<tr${x.lost + x.duplicated + x.deliveredAfterFailure + x.outOfOrder + x.unanswered ? ' class="fail"' : ''}><td>${e(x.kind)}</td><td>${e(x.path)}</td>${[x.answered, x.accepted, x.delivered, x.lost, x.duplicated, x.deliveredAfterFailure, x.failedButDelivered, x.outOfOrder, x.unanswered].map((v) => `<td class="n">${v}</td>`).join('')}</tr>`).join('\n')}
</table>
${Object.entries(d.examples).filter(([, ids]) => ids.length).map(([what, ids]) => `<p>${e(what)}, for example: <code>${ids.map(e).join(' ')}</code> (GET /api/traces/:id)</p>`).join('')}
<h2>Processes</h2>
<table><tr><th>process</th><th>role</th><th class="n">pid</th><th class="n">CPU avg</th><th class="n">CPU max</th><th class="n">memory max</th></tr>
${r.processes.map((p) => `<tr><td>${e(p.name)}</td><td>${p.role}</td><td class="n">${p.pid}</td><td class="n">${p.cpu.avg}%</td><td class="n">${p.cpu.max}%</td><td class="n">${p.rssMb.max} MB</td></tr>`).join('\n')}
<tr><td>machine (${r.machine.cores} cores)</td><td></td><td></td><td class="n">${r.machine.avgCpu}%</td><td></td><td></td></tr>
</table>
<h2>Timeline</h2>
${r.timeline.length ? `<table>${r.timeline.map((m) => `<tr${m.error ? ' class="fail"' : ''}><td class="n">${(m.t / 1000).toFixed(1)} s</td><td>${e(m.label)}</td><td>${m.error ? e(m.error) : ''}</td></tr>`).join('')}</table>` : '<p>No timeline in this profile.</p>'}
</body></html>
`;
}

function counts(record: Record<string, number>): string {
  return Object.entries(record).map(([k, v]) => `${k === '0' ? 'none' : k}: ${v}`).join(', ');
}
