import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { ALIAS_REGEX, type ExpectDoc } from './parts.ts';
import { SCHEMA_ID, scenarioJsonSchema, type ScenarioDoc, type UserDoc } from './schema.ts';
import { STEP_BY_ACTION, type CheckScope } from './steps/index.ts';
import { formatProblem, parseYaml, schemaProblems, suggest, type ExplainOptions, type Path, type Problem, type ProblemAt } from './yaml-document.ts';

export class ScenarioFileError extends Error {
  override name = 'ScenarioFileError';
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    const sorted = [...problems].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    super(`${sorted.length} problem${sorted.length === 1 ? '' : 's'} in scenario files:\n${sorted.map(formatProblem).join('\n')}`);
    this.problems = sorted;
  }
}

export interface LoadedStep {
  /** 1-based, as printed. */
  number: number;
  action: string;
  body: unknown;
  name?: string;
  expect?: ExpectDoc;
  line: number;
  /** The step changes what every user of the topology sees. */
  global: boolean;
}

export interface LoadedScenario {
  /** Absolute path. */
  file: string;
  /** As printed: relative to the working directory, or the full path of a file outside it. */
  displayPath: string;
  doc: ScenarioDoc;
  steps: LoadedStep[];
  users: Record<string, UserDoc>;
  /** Absolute path of the scenario's own topology file, if it names one. */
  topologyFile?: string;
  /** Some step changes the provider list, the global switch or a link: the scenario runs alone. */
  global: boolean;
  /** The line of a path inside the file (for problems found later, against the topology). */
  lineOf(path: Path): number | undefined;
}

const YAML_EXTENSIONS = /\.ya?ml$/;

/** How a file is shown (progress, failures, JUnit): relative to the working directory inside it, else its full path. */
export function displayPathOf(file: string): string {
  const inside = relative(process.cwd(), file);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : file;
}

/** The scenario files named by files and folders (folders are searched recursively), in a stable order. */
export function collectScenarioFiles(paths: string[]): { files: string[]; problems: Problem[] } {
  const files: string[] = [];
  const problems: Problem[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (YAML_EXTENSIONS.test(name)) files.push(path);
    }
  };
  for (const given of paths) {
    const path = resolve(given);
    if (!existsSync(path)) problems.push({ file: given, message: 'no such file or folder' });
    else if (statSync(path).isDirectory()) walk(path);
    else files.push(path);
  }
  if (!paths.length) problems.push({ file: '(command line)', message: 'name at least one scenario file or folder' });
  return { files: [...new Set(files)], problems };
}

/** Reads, parses and validates scenario files; every problem of every file is reported, nothing is run. */
export function loadScenarios(paths: string[]): { scenarios: LoadedScenario[]; problems: Problem[] } {
  const { files, problems } = collectScenarioFiles(paths);
  const scenarios: LoadedScenario[] = [];
  for (const file of files) {
    const loaded = loadScenarioFile(file);
    problems.push(...loaded.problems);
    if (loaded.scenario) scenarios.push(loaded.scenario);
  }
  return { scenarios, problems };
}

export function loadScenarioFile(file: string, text: string = readFileSync(file, 'utf8')): { scenario?: LoadedScenario; problems: Problem[] } {
  const displayPath = displayPathOf(file);
  const parsed = parseYaml(displayPath, text);
  if (!parsed.document) return { problems: parsed.problems };
  const { value, locate } = parsed.document;
  const problem = (path: Path, message: string, key = false): Problem => {
    const step = path[0] === 'steps' && typeof path[1] === 'number' ? path[1] + 1 : undefined;
    return { ...parsed.document!.problem(path, message, key), ...(step ? { step } : {}) };
  };

  const schemaProblems = validate(value, problem);
  if (schemaProblems.length) return { problems: schemaProblems };
  const scenarioDoc = value as ScenarioDoc;
  const steps = scenarioDoc.steps.map((raw, i): LoadedStep => {
    const step = raw as Record<string, unknown>;
    const action = Object.keys(step).find((k) => STEP_BY_ACTION.has(k))!;
    return {
      number: i + 1, action, body: step[action], line: locate(['steps', i]).line ?? 0,
      ...(typeof step.name === 'string' ? { name: step.name } : {}),
      ...(step.expect ? { expect: step.expect as ExpectDoc } : {}),
      global: !!STEP_BY_ACTION.get(action)!.global,
    };
  });
  const scenario: LoadedScenario = {
    file, displayPath, doc: scenarioDoc, steps, users: scenarioDoc.topology?.users ?? {},
    ...(scenarioDoc.topology?.file ? { topologyFile: resolve(dirname(file), scenarioDoc.topology.file) } : {}),
    global: steps.some((s) => s.global),
    lineOf: (path) => locate(path).line,
  };
  const problems = checkReferences(scenario, problem);
  if (scenario.topologyFile && !existsSync(scenario.topologyFile)) problems.push(problem(['topology', 'file'], `no topology file ${scenario.topologyFile}`));
  return problems.length ? { problems } : { scenario, problems };
}

// --- schema validation, with errors a person can act on ---

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const fullSchema = scenarioJsonSchema();
ajv.addSchema(fullSchema);
/**
 * The file is checked in parts, so that each error names what is really wrong: the whole file with steps and
 * users taken as they come, then each user and each step against the schema of its own kind.
 */
const rootSchema = structuredClone(fullSchema) as typeof fullSchema & { properties: Record<string, { properties: Record<string, unknown> }> };
rootSchema.$id = `${SCHEMA_ID}#root`.replace('#root', '/root');
rootSchema.properties.steps = { type: 'array', minItems: 1 } as never;
rootSchema.properties.topology!.properties.users = { type: 'object', propertyNames: { pattern: ALIAS_REGEX.source } };
const checkRoot = ajv.compile(rootSchema);
const part = (name: string) => ajv.getSchema(`${SCHEMA_ID}#/definitions/${name}`)!;
const checkStep = new Map<string, ValidateFunction>([...STEP_BY_ACTION.keys()].map((action) => [action, part(`step.${action}`)]));
const checkUser = { internal: part('user.internal'), provider: part('user.provider'), existing: part('user.existing') };

function validate(value: unknown, problem: ProblemAt): Problem[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [problem([], 'a scenario file is a mapping with name, topology and steps')];
  const problems = explain(checkRoot, value, [], problem);
  const root = value as { steps?: unknown; topology?: { users?: unknown } };
  const users = root.topology?.users;
  if (users && typeof users === 'object') {
    for (const [alias, user] of Object.entries(users)) {
      const path = ['topology', 'users', alias];
      if (!user || typeof user !== 'object') {
        problems.push(problem(path, `user ${alias}: give at (home or a provider id) or address`));
        continue;
      }
      const kind = 'address' in user ? 'existing' : (user as { at?: unknown }).at === 'home' ? 'internal' : 'at' in user ? 'provider' : undefined;
      if (!kind) problems.push(problem(path, `user ${alias}: say where the user is, with at: home or at: <provider id> (or address: for an existing user)`));
      else problems.push(...explain(checkUser[kind], user, path, problem));
    }
  }
  if (Array.isArray(root.steps)) root.steps.forEach((step, i) => problems.push(...validateStep(step, ['steps', i], problem)));
  return problems;
}

function validateStep(step: unknown, path: (string | number)[], problem: ProblemAt): Problem[] {
  const actions = [...STEP_BY_ACTION.keys()];
  if (!step || typeof step !== 'object' || Array.isArray(step)) return [problem(path, `a step is a mapping with one action (${actions.join(', ')})`)];
  const keys = Object.keys(step);
  const found = keys.filter((k) => STEP_BY_ACTION.has(k));
  if (found.length > 1) return [problem(path, `one action per step, this one has ${found.join(' and ')}`)];
  if (!found.length) {
    const unknown = keys.filter((k) => k !== 'name' && k !== 'expect');
    const hint = unknown.map((k) => suggest(k, actions)).find(Boolean);
    return [problem(path, unknown.length
      ? `unknown action ${unknown.map((k) => `'${k}'`).join(', ')}${hint ? ` (did you mean '${hint}'?)` : ''}; one of: ${actions.join(', ')}`
      : `the step has no action; one of: ${actions.join(', ')}`)];
  }
  const action = found[0]!;
  return explain(checkStep.get(action)!, step, path, problem, action);
}

/** The words of scenario files for schema messages: steps by number, users by name. */
const WORDS: ExplainOptions = {
  label(path) {
    const shown = path[0] === 'steps' ? path.slice(2) : path;
    return shown.length ? `${shown.join('.')}: ` : '';
  },
  patternWords(pattern) {
    if (pattern.includes('@') && pattern.includes('|')) return 'a user declared in topology.users, or user@domain';
    if (pattern.includes('@')) return 'user@domain';
    if (pattern === ALIAS_REGEX.source) return 'a user declared in topology.users: lower case, starting with a letter';
    return undefined;
  },
  propertyNames: (name) => `user names are lower case letters, digits, - and _, starting with a letter ('${name}')`,
};

function explain(check: ValidateFunction, value: unknown, base: Path, problem: ProblemAt, action?: string): Problem[] {
  return schemaProblems(check, value, base, problem, { ...WORDS, ...(action ? { where: `${action} step` } : {}) });
}

// --- what a schema cannot say: names that must be declared, steps that need an earlier one ---

function checkReferences(s: LoadedScenario, problem: ProblemAt): Problem[] {
  const problems: Problem[] = [];
  const users = s.users;
  const declared = (name: string) => Object.hasOwn(users, name);
  const isAlias = (ref: string) => !ref.includes('@');
  const exists = (alias: string) => !('exists' in users[alias]! && users[alias]!.exists === false);
  const refs = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]) as string[];

  for (const [alias, user] of Object.entries(users)) {
    for (const list of ['allow', 'block', 'contacts'] as const) {
      const entries = (user as Record<string, unknown>)[list];
      refs(entries).forEach((ref, i) => {
        if (isAlias(ref) && !declared(ref)) problems.push(problem(['topology', 'users', alias, list, i], `${list} names '${ref}', who is not declared in topology.users${hintFor(ref, users)}`));
        if (ref === alias) problems.push(problem(['topology', 'users', alias, list, i], `${alias} cannot be on its own ${list} list`));
      });
    }
  }

  const sessions = new Set<string>();
  const pair = (a: string, b: string) => [a, b].sort().join(' ');
  for (const step of s.steps) {
    const definition = STEP_BY_ACTION.get(step.action)!;
    const at = (...rest: (string | number)[]) => ['steps', step.number - 1, step.action, ...rest];
    const checkRef = (ref: string, path: (string | number)[], role: string) => {
      if (isAlias(ref) && !declared(ref)) problems.push(problem(path, `${role} '${ref}' is not declared in topology.users${hintFor(ref, users)}`));
    };
    const scope: CheckScope = {
      at, declared, checkRef,
      exists: (alias) => declared(alias) && exists(alias),
      problem: (path, message) => problems.push(problem(path, message)),
      openSession: (a, b) => sessions.add(pair(a, b)),
      hasSession: (a, b) => sessions.has(pair(a, b)),
    };
    const body = step.body as Record<string, unknown>;
    const isMapping = typeof body === 'object' && body !== null && !Array.isArray(body);
    if (isMapping) {
      for (const [field, value] of Object.entries(body)) {
        if (['user', 'from', 'to', 'of', 'with'].includes(field)) checkRef(String(value), at(field), field);
        if (field === 'add' || field === 'remove') refs(value).forEach((ref, i) => checkRef(ref, Array.isArray(value) ? at(field, i) : at(field), field));
      }
      // The one who acts: the sender of a request, else the user whose client it is.
      const actor = (definition.request ? body.from : body.user) as string | undefined;
      if (actor && declared(actor) && !exists(actor)) problems.push(problem(at(), `${actor} is declared with exists: false and cannot act`));
      const user = String(body.user);
      if (definition.internalOnly && declared(user) && !('address' in users[user]!) && users[user]!.at !== 'home') {
        problems.push(problem(at('user'), `${user} is a provider user; ${step.action} is for internal users (at: home)`));
      }
    }
    definition.check?.(step.body, scope);
    if (step.expect?.delivered !== undefined && !definition.delivery) {
      const deliverySteps = [...STEP_BY_ACTION.values()].filter((d) => d.delivery).map((d) => d.action);
      problems.push(problem(['steps', step.number - 1, 'expect', 'delivered'], `delivered is checked on ${deliverySteps.join(', ').replace(/, ([^,]*)$/, ' and $1')} steps, not on ${step.action}`));
    }
    if (step.expect?.withinMs !== undefined && step.expect.atLeastMs !== undefined && step.expect.withinMs < step.expect.atLeastMs) {
      problems.push(problem(['steps', step.number - 1, 'expect'], 'withinMs is smaller than atLeastMs: no answer can satisfy both'));
    }
  }
  return problems;
}

function hintFor(ref: string, users: Record<string, unknown>): string {
  const hint = suggest(ref, Object.keys(users));
  return hint ? ` (did you mean '${hint}'?)` : '';
}
