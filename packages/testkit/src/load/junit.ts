import { attr, text } from '../scenarios/junit.ts';
import type { LoadReport } from './report.ts';

/** JUnit XML of a load run, as CI reads it: one testcase per SLO, a <failure> for each one missed. */
export function loadJUnit(r: LoadReport): string {
  const failures = r.slos.filter((s) => !s.passed).length;
  const time = (r.durationMs / 1000).toFixed(3);
  const name = `fedlab load ${r.profile.name}`;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(name)}" tests="${r.slos.length}" failures="${failures}" errors="0" time="${time}">`,
    `  <testsuite name="${attr(name)}" tests="${r.slos.length}" failures="${failures}" errors="0" skipped="0" time="${time}" timestamp="${attr(r.startedAt)}">`,
  ];
  for (const s of r.slos) {
    const open = `    <testcase classname="${attr(`load.${r.profile.name}`)}" name="${attr(s.slo)}" file="${attr(r.profile.file)}" time="${time}"`;
    if (s.passed) out.push(`${open}/>`);
    else {
      out.push(`${open}>`);
      out.push(`      <failure message="${attr(`${s.slo}: measured ${s.shown}`)}" type="SloMissed">${text(`${s.slo} was missed: measured ${s.shown} on ${r.target.label}.\n${r.verdict.text}`)}</failure>`);
      out.push('    </testcase>');
    }
  }
  out.push('  </testsuite>', '</testsuites>');
  return `${out.join('\n')}\n`;
}
