import type { ErrorObject, ValidateFunction } from 'ajv';
import { LineCounter, parseDocument, isMap, isSeq, isPair, isScalar, type Document, type Node } from 'yaml';

/**
 * YAML files that people write by hand, checked against a JSON schema with messages a person can act on: each
 * problem with its file, line and column, what is wrong in words, and the likely fix for a typo. Scenario files
 * use it (`load.ts`); so can any other YAML format of the project.
 */

/** One thing wrong with a file, located as precisely as the file allows. */
export interface Problem {
  file: string;
  line?: number;
  column?: number;
  /** 1-based step number, when the problem is in a step (scenario files). */
  step?: number;
  message: string;
}

export function formatProblem(p: Problem): string {
  const where = `${p.file}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : ''}`;
  return `${where}: ${p.step ? `step ${p.step}: ` : ''}${p.message}`;
}

export type Path = (string | number)[];
/** A problem at a path of the document: of the value there, or of its key (`key`: an unknown property). */
export type ProblemAt = (path: Path, message: string, key?: boolean) => Problem;

/** A parsed YAML document that knows where each of its values is. */
export interface YamlDocument {
  value: unknown;
  /** The line and column of the value at a path (of its key, with `key`), or of the nearest parent there is. */
  locate(path: Path, key?: boolean): { line?: number; column?: number };
  problem: ProblemAt;
}

/** Parses YAML text (duplicate keys are errors); YAML syntax errors come back as problems with their place. */
export function parseYaml(file: string, text: string): { document?: YamlDocument; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    if (offset === undefined) return {};
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const problems: Problem[] = doc.errors.map((error) => ({ file, ...at(error.pos[0]), message: `YAML: ${error.message.split('\n')[0]}` }));
  if (problems.length) return { problems };
  const locate = (path: Path, key = false) => at(offsetOf(doc, path, key));
  return { document: { value: doc.toJS() as unknown, locate, problem: (path, message, key = false) => ({ file, ...locate(path, key), message }) }, problems };
}

/**
 * Reads a YAML document and checks it against a compiled JSON schema (ajv with `allErrors` and `verbose`, so that
 * messages can name what is allowed): the value when it is valid, else every problem found.
 */
export function loadYaml<T>(file: string, text: string, check: ValidateFunction, options: ExplainOptions = {}): { value?: T; document?: YamlDocument; problems: Problem[] } {
  const { document, problems } = parseYaml(file, text);
  if (!document) return { problems };
  const found = schemaProblems(check, document.value, [], document.problem, options);
  return found.length ? { document, problems: found } : { value: document.value as T, document, problems: [] };
}

/** Words for what a schema's messages cannot know of the format. */
export interface ExplainOptions {
  /** What the value checked is called when it has an unknown property, e.g. "send step" (default "here"). */
  where?: string;
  /** How a path is named before a message (default: its parts joined with dots). */
  label?(path: Path): string;
  /** Words for a string pattern, e.g. "user@domain" (default: the pattern itself). */
  patternWords?(pattern: string): string | undefined;
  /** The message for a mapping key that does not have the right form. */
  propertyNames?(name: string): string;
}

/** Checks a value against a compiled schema; every error becomes a problem in words, at its place. */
export function schemaProblems(check: ValidateFunction, value: unknown, base: Path, problem: ProblemAt, options: ExplainOptions = {}): Problem[] {
  if (check(value)) return [];
  const errors = resolveUnions(check.errors ?? []);
  const seen = new Set<string>();
  const problems: Problem[] = [];
  const label = options.label ?? ((path: Path) => (path.length ? `${path.join('.')}: ` : ''));
  for (const error of errors) {
    const path = [...base, ...pointer(error.instancePath)];
    const { message, key, at } = describe(error, value, pointer(error.instancePath), options);
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

function describe(error: ErrorObject, root: unknown, path: Path, options: ExplainOptions): { message: string; key?: boolean; at?: string } {
  const params = error.params as Record<string, unknown>;
  const parentSchema = error.parentSchema as { properties?: Record<string, unknown> } | undefined;
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const allowed = Object.keys(parentSchema?.properties ?? {});
      const hint = suggest(name, allowed);
      const where = path.length === 0 && options.where ? options.where : 'here';
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
    case 'pattern': {
      const pattern = String(params.pattern);
      return { message: `${show(valueAt(root, path))} does not have the right form (${options.patternWords?.(pattern) ?? `pattern ${pattern}`})` };
    }
    case 'minProperties':
      return { message: 'say at least one setting' };
    case 'propertyNames': {
      const name = String(params.propertyName);
      return { message: options.propertyNames?.(name) ?? `${show(name)} is not an allowed name here` };
    }
    default:
      return { message: error.message ?? 'is not valid' };
  }
}

function typeName(type: string): string {
  const names: Record<string, string> = { integer: 'a whole number', array: 'a list', object: 'a mapping', string: 'a string', boolean: 'true or false', number: 'a number' };
  return names[type] ?? type;
}

function pointer(instancePath: string): Path {
  return instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueAt(root: unknown, path: Path): unknown {
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
function offsetOf(doc: Document, path: Path, key: boolean): number | undefined {
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
