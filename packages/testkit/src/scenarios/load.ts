import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { LineCounter, parseDocument, isMap, isSeq, isPair, isScalar, type Document, type Node } from 'yaml';
import { ALIAS_REGEX, type ExpectDoc } from './parts.ts';
import { SCHEMA_ID, scenarioJsonSchema, type ScenarioDoc, type UserDoc } from './schema.ts';
import { STEP_BY_ACTION, type CheckScope } from './steps/index.ts';

/** One thing wrong with a scenario file, located as precisely as the file allows. */
export interface Problem {
  file: string;
  line?: number;
  column?: number;
  /** 1-based step number, when the problem is in a step. */
  step?: number;
  message: string;
}

export class ScenarioFileError extends Error {
  override name = 'ScenarioFileError';
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    const sorted = [...problems].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    super(`${sorted.length} problem${sorted.length === 1 ? '' : 's'} in scenario files:\n${sorted.map(formatProblem).join('\n')}`);
    this.problems = sorted;
  }
}

export function formatProblem(p: Problem): string {
  const where = `${p.file}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : ''}`;
  return `${where}: ${p.step ? `step ${p.step}: ` : ''}${p.message}`;
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
  /** As printed: relative to the working directory. */
  displayPath: string;
  doc: ScenarioDoc;
  steps: LoadedStep[];
  users: Record<string, UserDoc>;
  /** Absolute path of the scenario's own topology file, if it names one. */
  topologyFile?: string;
  /** Some step changes the provider list, the global switch or a link: the scenario runs alone. */
  global: boolean;
  /** The line of a path inside the file (for problems found later, against the topology). */
  lineOf(path: (string | number)[]): number | undefined;
}

const YAML_EXTENSIONS = /\.ya?ml$/;

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
  const displayPath = relative(process.cwd(), file) || file;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: Problem[] = [];
  const at = (offset: number | undefined) => {
    if (offset === undefined) return {};
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  for (const error of doc.errors) problems.push({ file: displayPath, ...at(error.pos[0]), message: `YAML: ${error.message.split('\n')[0]}` });
  if (problems.length) return { problems };

  const value = doc.toJS() as unknown;
  const locate = (path: (string | number)[], key = false) => at(offsetOf(doc, path, key));
  const problem = (path: (string | number)[], message: string, key = false): Problem => {
    const step = path[0] === 'steps' && typeof path[1] === 'number' ? path[1] + 1 : undefined;
    return { file: displayPath, ...locate(path, key), ...(step ? { step } : {}), message };
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
  problems.push(...checkReferences(scenario, problem));
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

type ProblemAt = (path: (string | number)[], message: string, key?: boolean) => Problem;

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

function explain(check: ValidateFunction, value: unknown, base: (string | number)[], problem: ProblemAt, action?: string): Problem[] {
  if (check(value)) return [];
  const errors = resolveUnions(check.errors ?? []);
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const error of errors) {
    const path = [...base, ...pointer(error.instancePath)];
    const { message, key, at } = describe(error, value, pointer(error.instancePath), action);
    const full = at ? [...path, at] : path;
    const text = `${label(full)}${message}`;
    if (seen.has(text)) continue;
    seen.add(text);
    problems.push(problem(full, text, key));
  }
  return problems;
}

/**
 * For a value that may take two forms (`signIn: alice` or `signIn: [alice, bob]`), ajv reports the errors of both
 * branches. Keep the errors of the branch whose type the value has; when it has neither, one error that names both.
 */
function resolveUnions(errors: ErrorObject[]): ErrorObject[] {
  let result = errors;
  for (const union of errors.filter((e) => e.keyword === 'anyOf')) {
    const prefix = `${union.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const e of result) {
      if (!e.schemaPath.startsWith(prefix)) continue;
      const branch = e.schemaPath.slice(prefix.length).split('/')[0]!;
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
    }
    const wrongType = (list: ErrorObject[]) => list.some((e) => e.keyword === 'type' && e.instancePath === union.instancePath);
    const fitting = [...branches.values()].find((list) => !wrongType(list));
    const types = [...branches.values()].flat().filter((e) => e.keyword === 'type' && e.instancePath === union.instancePath).map((e) => String((e.params as { type: string }).type));
    const replacement: ErrorObject[] = fitting ?? [{ ...union, keyword: 'either', params: { types } }];
    result = [...result.filter((e) => e !== union && !e.schemaPath.startsWith(prefix)), ...replacement];
  }
  return result;
}

function describe(error: ErrorObject, root: unknown, path: (string | number)[], action?: string): { message: string; key?: boolean; at?: string } {
  const params = error.params as Record<string, unknown>;
  const parentSchema = error.parentSchema as { properties?: Record<string, unknown> } | undefined;
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const allowed = Object.keys(parentSchema?.properties ?? {});
      const hint = suggest(name, allowed);
      const where = path.length === 0 && action ? `${action} step` : 'here';
      return { message: `unknown property '${name}'${hint ? ` (did you mean '${hint}'?)` : ''}; allowed ${where}: ${allowed.join(', ')}`, key: true, at: name };
    }
    case 'required':
      return { message: `missing '${String(params.missingProperty)}'` };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const value = valueAt(root, path);
      const hint = typeof value === 'string' ? suggest(value, allowed) : undefined;
      const choices = allowed.length <= 12 ? `; one of: ${allowed.join(', ')}` : hint ? '' : ` (see the schema for the ${allowed.length} possible values)`;
      return { message: `${show(value)} is not a possible value${hint ? ` (did you mean '${hint}'?)` : ''}${choices}` };
    }
    case 'const':
      return { message: `must be ${show(params.allowedValue)}` };
    case 'type':
      return { message: `${show(valueAt(root, path))} must be ${typeName(String(params.type))}` };
    case 'either':
      return { message: `${show(valueAt(root, path))} must be ${(params.types as string[]).map(typeName).join(' or ')}` };
    case 'pattern':
      return { message: `${show(valueAt(root, path))} does not have the right form (${describePattern(String(params.pattern))})` };
    case 'minProperties':
      return { message: 'say at least one setting' };
    case 'propertyNames':
      return { message: `user names are lower case letters, digits, - and _, starting with a letter (${show(params.propertyName)})` };
    default:
      return { message: error.message ?? 'is not valid' };
  }
}

function typeName(type: string): string {
  const names: Record<string, string> = { integer: 'a whole number', array: 'a list', object: 'a mapping', string: 'a string', boolean: 'true or false', number: 'a number' };
  return names[type] ?? type;
}

function describePattern(pattern: string): string {
  if (pattern.includes('@') && pattern.includes('|')) return 'a user declared in topology.users, or user@domain';
  if (pattern.includes('@')) return 'user@domain';
  if (pattern === ALIAS_REGEX.source) return 'a user declared in topology.users: lower case, starting with a letter';
  return `pattern ${pattern}`;
}

function label(path: (string | number)[]): string {
  const shown = path[0] === 'steps' ? path.slice(2) : path;
  return shown.length ? `${shown.join('.')}: ` : '';
}

function pointer(instancePath: string): (string | number)[] {
  return instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueAt(root: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), root);
}

function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

/** The closest name, if it is close enough to be a typo. */
export function suggest(word: string, candidates: string[]): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const name of candidates) {
    const d = distance(word.toLowerCase(), name.toLowerCase());
    if (!best || d < best.d) best = { name, d };
  }
  return best && best.d <= Math.max(2, Math.floor(word.length / 3)) ? best.name : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}

/** The offset of a path in the YAML source: of the value, or of the key when asked (unknown properties). */
function offsetOf(doc: Document, path: (string | number)[], key: boolean): number | undefined {
  let node: unknown = doc.contents;
  let offset = (node as Node | null)?.range?.[0];
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === segment);
      if (!pair) return offset;
      const last = i === path.length - 1;
      offset = (last && key ? (pair.key as Node).range?.[0] : ((pair.value as Node | null)?.range?.[0] ?? (pair.key as Node).range?.[0])) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) return offset;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else return offset;
  }
  return offset;
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
