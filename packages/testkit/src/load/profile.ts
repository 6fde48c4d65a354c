import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { DEFAULT_COMMAND_RATE_LIMIT, DEFAULT_RATE_LIMIT } from '@fedlab/server';
import { displayPathOf } from '../scenarios/load.ts';
import { formatProblem, parseYaml, schemaProblems, suggest, type ExplainOptions, type Problem, type ProblemAt } from '../scenarios/yaml-document.ts';
import {
  DURATION_PATTERN, InternalPopulationSchema, NAME_PATTERN, PERCENT_PATTERN, POPULATION_PATTERN, PROFILE_SCHEMA_ID, ProfileSchema, ProviderPopulationSchema,
  RATE_PATTERN, SLO_PATTERN, TIMELINE_SCHEMAS, loadProfileJsonSchema, type BehaviourDoc, type PopulationDoc, type ProfileDoc,
} from './schema.ts';
import { parseSlo, type Slo } from './slo.ts';
import { parseDuration, parseRate } from './units.ts';

/** A load profile, read and checked, with every unit turned into numbers. */
export interface LoadProfile {
  file: string;
  displayPath: string;
  doc: ProfileDoc;
  populations: ResolvedPopulation[];
  rampUpMs: number;
  steadyMs: number;
  drainMs: number;
  intervalMs: number;
  seed: number;
  timeline: TimelineEvent[];
  slos: Slo[];
  /** Things that will not stop the run but that its reader should know first (e.g. 429s to expect). */
  warnings: string[];
  /** Where a path of the profile is (for problems found later, against the topology). */
  locate(path: (string | number)[]): { line?: number; column?: number };
}

export interface ResolvedPopulation {
  name: string;
  doc: PopulationDoc;
  behaviour: Behaviour;
  /** Population name → weight. */
  talksTo: Record<string, number>;
}

export interface Behaviour {
  /** Events per second, per user. */
  churn: number;
  offlineForMs: number;
  presence: number;
  presenceStates: string[];
  subscriptions: number;
  im?: { sessions: number; messages: { min: number; max: number }; messageRate: number; size: { min: number; max: number }; typing: boolean };
}

export interface TimelineEvent {
  action: string;
  body: unknown;
  atMs: number;
  everyMs?: number;
  untilMs?: number;
  /** Index in the profile's timeline. */
  index: number;
}

export class ProfileError extends Error {
  override name = 'ProfileError';
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    const sorted = [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    super(`${sorted.length} problem${sorted.length === 1 ? '' : 's'} in the load profile:\n${sorted.map(formatProblem).join('\n')}`);
    this.problems = sorted;
  }
}

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
ajv.addSchema(loadProfileJsonSchema());
/** Checked in parts, as scenario files are: the whole with populations and timeline loose, then each entry. */
const rootSchema = structuredClone(loadProfileJsonSchema()) as { $id: string; properties: Record<string, unknown> };
rootSchema.$id = `${PROFILE_SCHEMA_ID.replace('.schema.json', '')}/root`;
rootSchema.properties.populations = { type: 'object', minProperties: 1, propertyNames: { pattern: POPULATION_PATTERN } };
rootSchema.properties.timeline = { type: 'array' };
const checkRoot = ajv.compile(rootSchema);
const checkPopulation = { internal: ajv.compile(InternalPopulationSchema), provider: ajv.compile(ProviderPopulationSchema) };
const checkTimeline = new Map<string, ValidateFunction>([...TIMELINE_SCHEMAS].map(([action, schema]) => [action, ajv.compile(schema)]));

const WORDING: ExplainOptions = {
  patternWords: (pattern) => ({
    [DURATION_PATTERN]: 'a duration such as 500ms, 30s, 10m, 2h, 2m30s',
    [RATE_PATTERN]: 'a rate per user such as 6/h, 2/min, 0.5/s',
    [PERCENT_PATTERN]: 'a share such as 80%',
    [NAME_PATTERN]: 'address characters with {n} for the number, e.g. staff-{n}',
    [POPULATION_PATTERN]: 'a population name: lower case, starting with a letter',
    [SLO_PATTERN]: 'an objective such as p99 < 50ms, errorRate < 0.1%, lost == 0',
  })[pattern],
  propertyNames: (name) => `population names are lower case letters, digits and -, starting with a letter ('${name}')`,
};

/** Reads and checks a profile; throws ProfileError listing every problem (nothing runs). */
export function loadProfile(file: string, text: string = readFileSync(file, 'utf8')): LoadProfile {
  const displayPath = displayPathOf(file);
  const { document, problems: syntax } = parseYaml(displayPath, text);
  if (!document) throw new ProfileError(syntax);
  const problems = validate(document.value, document.problem);
  if (problems.length) throw new ProfileError(problems);
  const doc = document.value as ProfileDoc;
  const profile = resolve(doc, document.problem, problems);
  if (problems.length) throw new ProfileError(problems);
  return { ...profile, file, displayPath, doc, locate: (path) => document.locate(path) };
}

function validate(value: unknown, problem: ProblemAt): Problem[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [problem([], 'a load profile is a mapping with name, populations, behaviour and phases')];
  const problems = schemaProblems(checkRoot, value, [], problem, WORDING);
  const root = value as { populations?: Record<string, unknown>; timeline?: unknown[] };
  for (const [name, population] of Object.entries(root.populations ?? {})) {
    const path = ['populations', name];
    if (!population || typeof population !== 'object' || !('at' in population)) {
      problems.push(problem(path, `population ${name}: say where its users are, with at: home or at: <provider id>`));
      continue;
    }
    const check = (population as { at: unknown }).at === 'home' ? checkPopulation.internal : checkPopulation.provider;
    problems.push(...schemaProblems(check, population, path, problem, { ...WORDING, where: `in a population at ${String((population as { at: unknown }).at)}` }));
  }
  (Array.isArray(root.timeline) ? root.timeline : []).forEach((entry, i) => {
    const path = ['timeline', i];
    const actions = [...TIMELINE_SCHEMAS.keys()];
    const keys = entry && typeof entry === 'object' ? Object.keys(entry).filter((k) => !['at', 'every', 'until'].includes(k)) : [];
    const found = keys.filter((k) => checkTimeline.has(k));
    if (found.length !== 1) {
      const hint = keys.map((k) => suggest(k, actions)).find(Boolean);
      problems.push(problem(path, found.length > 1
        ? `one action per timeline entry, this one has ${found.join(' and ')}`
        : `timeline entry ${i + 1}: ${keys.length ? `unknown action ${keys.map((k) => `'${k}'`).join(', ')}${hint ? ` (did you mean '${hint}'?)` : ''}` : 'no action'}; one of: ${actions.join(', ')}`));
      return;
    }
    problems.push(...schemaProblems(checkTimeline.get(found[0]!)!, entry, path, problem, { ...WORDING, where: `in a ${found[0]} entry` }));
  });
  return problems;
}

/** Turns units into numbers and checks what a schema cannot say; adds its problems to `problems`. */
function resolve(doc: ProfileDoc, problem: ProblemAt, problems: Problem[]): Omit<LoadProfile, 'file' | 'displayPath' | 'doc' | 'locate'> {
  const names = Object.keys(doc.populations);
  const { rampUp, steady, duration, drain } = doc.phases;
  const rampUpMs = rampUp ? parseDuration(rampUp) : 0;
  let steadyMs = 0;
  if (steady && duration) problems.push(problem(['phases', 'duration'], 'give steady or duration, not both (duration includes the ramp-up)'));
  else if (steady) steadyMs = parseDuration(steady);
  else if (duration) {
    steadyMs = parseDuration(duration) - rampUpMs;
    if (steadyMs < 0) problems.push(problem(['phases', 'duration'], `duration ${duration} is shorter than the ramp-up ${rampUp}`));
  } else problems.push(problem(['phases'], 'say how long the load lasts: steady (after the ramp-up) or duration (ramp-up included)'));
  const endMs = rampUpMs + steadyMs;

  const populations = names.map((name): ResolvedPopulation => {
    const doc_ = doc.populations[name]!;
    const talksTo = doc_.talksTo ?? Object.fromEntries(names.map((n) => [n, doc.populations[n]!.users]));
    for (const other of Object.keys(talksTo)) {
      if (!names.includes(other)) {
        const hint = suggest(other, names);
        problems.push(problem(['populations', name, 'talksTo', other], `talksTo names '${other}', which is not a population${hint ? ` (did you mean '${hint}'?)` : ''}; the populations are ${names.join(', ')}`, true));
      }
    }
    if (doc_.contacts && doc_.contacts >= Object.keys(talksTo).reduce((n, p) => n + (doc.populations[p]?.users ?? 0), 0)) {
      problems.push(problem(['populations', name, 'contacts'], `${doc_.contacts} contacts per user, but the populations it talks to have fewer other users`));
    }
    return { name, doc: doc_, talksTo, behaviour: behaviourOf({ ...doc.behaviour, ...doc_.behaviour }, ['populations', name, 'behaviour'], problem, problems) };
  });

  const timeline = (doc.timeline ?? []).map((entry, index): TimelineEvent => {
    const action = Object.keys(entry).find((k) => TIMELINE_SCHEMAS.has(k))!;
    const e = entry as { at?: string; every?: string; until?: string };
    const atMs = e.at ? parseDuration(e.at) : 0;
    if (!e.at && !e.every) problems.push(problem(['timeline', index], `say when: at (a time from the start) or every (a period)`));
    if (e.until && !e.every) problems.push(problem(['timeline', index, 'until'], 'until bounds a repetition: give every as well'));
    if (atMs > endMs) problems.push(problem(['timeline', index, 'at'], `${e.at} is after the end of the load (${endMs / 1000} s)`));
    if (e.every && parseDuration(e.every) < 100) problems.push(problem(['timeline', index, 'every'], 'repeat at most every 100ms'));
    return { action, body: entry[action], atMs, index, ...(e.every ? { everyMs: parseDuration(e.every) } : {}), ...(e.until ? { untilMs: parseDuration(e.until) } : {}) };
  });

  const slos: Slo[] = [];
  (doc.slos ?? []).forEach((text, i) => {
    try {
      slos.push(parseSlo(text));
    } catch (error) {
      problems.push(problem(['slos', i], (error as Error).message));
    }
  });

  const warnings: string[] = [];
  const peakFactor = Math.max(1, ...timeline.filter((t) => t.action === 'load').map((t) => t.body as number));
  for (const p of populations) {
    const presence = p.behaviour.presence * peakFactor;
    if (presence > DEFAULT_COMMAND_RATE_LIMIT.perSecond) {
      warnings.push(`population ${p.name}: a user changes its presence ${presence.toFixed(1)} times a second, above the servers' per-user limit of ${DEFAULT_COMMAND_RATE_LIMIT.perSecond} commands/s: expect refusals`);
    }
    const im = p.behaviour.im;
    if (!im) continue;
    const perUser = im.messageRate * (im.typing ? 2 : 1) * peakFactor;
    if (perUser > DEFAULT_RATE_LIMIT.perSecond) {
      warnings.push(`population ${p.name}: in a session a user sends up to ${perUser.toFixed(1)} requests/s, above the servers' per-user limit of ${DEFAULT_RATE_LIMIT.perSecond}/s: expect 429s`);
    }
  }
  return {
    populations, rampUpMs, steadyMs, drainMs: drain ? parseDuration(drain) : 10_000,
    intervalMs: doc.report?.interval ? Math.max(100, parseDuration(doc.report.interval)) : 1000,
    seed: doc.seed ?? 1, timeline, slos, warnings,
  };
}

function behaviourOf(doc: BehaviourDoc, path: (string | number)[], problem: ProblemAt, problems: Problem[]): Behaviour {
  const range = (value: number | { min: number; max: number } | undefined, fallback: number, key: string) => {
    if (value === undefined) return { min: fallback, max: fallback };
    if (typeof value === 'number') return { min: value, max: value };
    if (value.min > value.max) problems.push(problem([...path, 'im', key], `min ${value.min} is above max ${value.max}`));
    return value;
  };
  const im = doc.im && {
    sessions: parseRate(doc.im.sessions),
    messages: range(doc.im.messages, 5, 'messages'),
    messageRate: parseRate(doc.im.messageRate ?? '6/min'),
    size: range(doc.im.size, 40, 'size'),
    typing: doc.im.typing ?? true,
  };
  if (im && (im.size.max > 4000 || im.size.min < 1)) problems.push(problem([...path, 'im', 'size'], 'a message has 1 to 4000 characters'));
  return {
    churn: doc.churn ? parseRate(doc.churn) : 0,
    offlineForMs: doc.offlineFor ? parseDuration(doc.offlineFor) : 10_000,
    presence: doc.presence ? parseRate(doc.presence) : 0,
    presenceStates: doc.presenceStates ?? ['available', 'busy', 'away', 'be-right-back'],
    subscriptions: doc.subscriptions ? parseRate(doc.subscriptions) : 0,
    ...(im ? { im } : {}),
  };
}
