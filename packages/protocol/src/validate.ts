import type { TSchema, Static } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();

/**
 * Checks untrusted data against a schema of the wire contract. Types alone trust nothing: every payload is
 * checked here where it enters a process, and the first problem is named in a sentence a person can act on.
 */
export function parse<S extends TSchema>(schema: S, value: unknown): Parsed<Static<S>> {
  let check = compiled.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    compiled.set(schema, check);
  }
  if (check.Check(value)) return { ok: true, value: value as Static<S> };
  const variant = variantFor(schema, value);
  if (variant) return parse(variant, value) as Parsed<Static<S>>;
  const first = check.Errors(value).First();
  const where = first?.path ? first.path : '(payload)';
  return { ok: false, error: first ? `${where}: ${first.message}` : 'the payload does not match the contract' };
}

/** For a union of request kinds, the member whose `kind` the value names: its errors name the real path. */
function variantFor(schema: TSchema, value: unknown): TSchema | undefined {
  const kind = (value as { kind?: unknown } | null)?.kind;
  if (!Array.isArray(schema.anyOf) || typeof kind !== 'string') return undefined;
  return (schema.anyOf as TSchema[]).find((member) => member.properties?.kind?.const === kind);
}
