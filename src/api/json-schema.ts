// Joi schema → JSON Schema 2020-12 (the dialect of OpenAPI 3.1), read from Joi's own description so that the
// document states what the validators accept: limits, enums, nullable fields, peer rules (or/xor) and conditional
// fields (`.when`) as if/then/else. Requests also carry the bounds every input obeys (src/api/input-bounds.ts).
import type Joi from 'joi';
import { INPUT_BOUNDS, isIdField } from './input-bounds';

type Json = Record<string, unknown>;
type Described = Record<string, any>;

export type Direction = 'request' | 'response';

interface Context {
  direction: Direction;
  key?: string;
}

// JavaScript's \d, \w and \s are ASCII (plus JS whitespace) while the Python regex engine a client or fuzzer may use
// reads them as Unicode: spell the classes out so that both sides agree on what matches.
export function portablePattern(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\' && i + 1 < source.length) {
      const next = source[++i];
      const spelled = { d: '0-9', w: 'A-Za-z0-9_' }[next];
      out += spelled ? (inClass ? spelled : `[${spelled}]`) : `\\${next}`;
      continue;
    }
    if (c === '[' && !inClass) inClass = true;
    else if (c === ']' && inClass) inClass = false;
    out += c;
  }
  return out;
}

function regexSource(literal: string): string {
  const match = /^\/(.*)\/([a-z]*)$/s.exec(literal);
  if (!match) return literal;
  if (match[2].includes('i')) throw new Error(`case-insensitive pattern ${literal} cannot be stated in JSON Schema`);
  return portablePattern(match[1]);
}

const rule = (d: Described, name: string): Described | undefined =>
  (d.rules as Described[] | undefined)?.find((r) => r.name === name);

// Something left after Joi's trim(): a character outside JavaScript's whitespace, spelled out because Python's \s
// (fuzzers, generated clients) differs from it at the edges (U+FEFF, U+001C to U+001F).
const NOT_BLANK = '[^\\t\\n\\u000b\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]';

function stringSchema(d: Described, ctx: Context): Json {
  const s: Json = { type: 'string' };
  const patterns: string[] = [];
  for (const r of (d.rules ?? []) as Described[]) {
    const limit = r.args?.limit as number | undefined;
    if (r.name === 'min') s.minLength = limit;
    else if (r.name === 'max') s.maxLength = limit;
    else if (r.name === 'length') s.minLength = s.maxLength = limit;
    else if (r.name === 'pattern') patterns.push(regexSource(r.args.regex as string));
    else if (r.name === 'email') s.format = 'email';
    else if (r.name === 'uri') s.format = 'uri';
    else if (r.name === 'guid') s.format = 'uuid';
    else if (r.name === 'isoDate') s.format = 'date-time';
    else if (r.name === 'hostname') s.format = 'hostname';
  }
  for (const meta of (d.metas ?? []) as Described[]) if (typeof meta.format === 'string') s.format = meta.format;
  // An address is at most 254 characters (RFC 5321), which Joi checks whatever the field's own limit.
  if (s.format === 'email' && !((s.maxLength as number) <= 254)) s.maxLength = 254;
  // Joi refuses '' unless allowed, and (trimming first) a string of blanks.
  const allowsEmpty = ((d.allow ?? []) as unknown[]).includes('');
  if (!allowsEmpty && s.minLength === undefined) s.minLength = 1;
  if (ctx.direction === 'request') {
    if (rule(d, 'trim') && !allowsEmpty) patterns.push(NOT_BLANK);
    patterns.push(INPUT_BOUNDS.noNulPattern);
  }
  if (patterns.length) s.pattern = patterns[0];
  if (patterns.length > 1) s.allOf = patterns.slice(1).map((pattern) => ({ pattern }));
  return s;
}

function numberSchema(d: Described, ctx: Context): Json {
  const s: Json = { type: rule(d, 'integer') || rule(d, 'port') ? 'integer' : 'number' };
  for (const r of (d.rules ?? []) as Described[]) {
    const limit = r.args?.limit as number | undefined;
    if (r.name === 'min') s.minimum = limit;
    else if (r.name === 'max') s.maximum = limit;
    else if (r.name === 'greater') s.exclusiveMinimum = limit;
    else if (r.name === 'less') s.exclusiveMaximum = limit;
    else if (r.name === 'sign') s[r.args.sign === 'positive' ? 'exclusiveMinimum' : 'exclusiveMaximum'] = 0;
    else if (r.name === 'port') Object.assign(s, { minimum: 0, maximum: 65535 });
  }
  if (ctx.direction === 'request') {
    const ceiling = s.type === 'integer' && ctx.key && isIdField(ctx.key) ? INPUT_BOUNDS.maxId : INPUT_BOUNDS.maxNumber;
    if (s.maximum === undefined || (s.maximum as number) > ceiling) s.maximum = ceiling;
    if (s.minimum === undefined || (s.minimum as number) < -INPUT_BOUNDS.maxNumber) s.minimum = -INPUT_BOUNDS.maxNumber;
    if (s.exclusiveMinimum !== undefined && (s.exclusiveMinimum as number) >= (s.minimum as number)) delete s.minimum;
    if (s.exclusiveMaximum !== undefined && (s.exclusiveMaximum as number) <= (s.maximum as number)) delete s.maximum;
  }
  return s;
}

function arraySchema(d: Described, ctx: Context): Json {
  const items = ((d.items ?? []) as Described[]).map((item) => convert(item, ctx));
  const s: Json = { type: 'array' };
  if (items.length === 1) s.items = items[0];
  else if (items.length > 1) s.items = { anyOf: items };
  for (const r of (d.rules ?? []) as Described[]) {
    const limit = r.args?.limit as number | undefined;
    if (r.name === 'min') s.minItems = limit;
    else if (r.name === 'max') s.maxItems = limit;
    else if (r.name === 'length') s.minItems = s.maxItems = limit;
    else if (r.name === 'unique') s.uniqueItems = true;
  }
  return s;
}

// A key's schema with a `.when` branch applied (Joi concatenates the branch onto the key's own schema).
function withBranch(base: Described, branch: Described | undefined): Described {
  if (!branch) return base;
  const override = ((branch.allow ?? []) as unknown[]).some((v) => typeof v === 'object' && v && 'override' in v);
  const branchAllow = ((branch.allow ?? []) as unknown[]).filter((v) => !(typeof v === 'object' && v));
  return {
    ...base,
    flags: { ...(base.flags ?? {}), ...(branch.flags ?? {}) },
    allow: override ? branchAllow : [...((base.allow ?? []) as unknown[]), ...branchAllow],
    rules: [...((base.rules ?? []) as Described[]), ...((branch.rules ?? []) as Described[])],
  };
}

function branchSchema(key: string, base: Described, branch: Described | undefined, ctx: Context): Json {
  const merged = withBranch(base, branch);
  const presence = merged.flags?.presence as string | undefined;
  if (presence === 'forbidden') return { properties: { [key]: { not: {} } } };
  const s: Json = { properties: { [key]: convert(merged, { ...ctx, key }) } };
  if (presence === 'required') s.required = [key];
  return s;
}

// `.when(sibling, { is, then, otherwise })`, or with `switch: [{ is, then }…]`, as nested if/then/else.
function conditional(
  key: string,
  base: Described,
  when: Described,
  keys: Record<string, Described>,
  ctx: Context,
): Json {
  const sibling = (when.ref?.path as string[] | undefined)?.join('.');
  if (!sibling) throw new Error(`unsupported .when on "${key}"`);
  const siblingDefault: unknown = keys[sibling]?.flags?.default;
  const cases = (when.switch ?? [{ is: when.is, then: when.then }]) as Described[];
  // Joi keeps a switch's `otherwise` on its last case.
  const otherwiseOf = (when.otherwise ?? cases[cases.length - 1].otherwise) as Described | undefined;
  const otherwise = branchSchema(key, base, otherwiseOf, ctx);
  return cases.reduceRight<Json>((elseBranch, c) => {
    const is = convert(c.is as Described, ctx);
    // An absent sibling takes its default before Joi tests the condition.
    const present = { properties: { [sibling]: is }, required: [sibling] };
    const byDefault = siblingDefault !== undefined && (is.enum as unknown[] | undefined)?.includes(siblingDefault);
    return {
      if: byDefault ? { anyOf: [present, { not: { required: [sibling] } }] } : present,
      then: branchSchema(key, base, c.then as Described | undefined, ctx),
      else: elseBranch,
    };
  }, otherwise);
}

function dependencySchemas(d: Described): Json[] {
  const out: Json[] = [];
  for (const dep of (d.dependencies ?? []) as Described[]) {
    const peers = dep.peers as string[];
    const one = peers.map((p) => ({ required: [p] }));
    if (dep.rel === 'or') out.push({ anyOf: one });
    else if (dep.rel === 'xor') out.push({ oneOf: one });
    else if (dep.rel === 'oxor') out.push({ not: { anyOf: pairs(peers).map((pair) => ({ required: pair })) } });
    else if (dep.rel === 'nand') out.push({ not: { required: peers } });
    else if (dep.rel === 'and') out.push({ anyOf: [{ required: peers }, { not: { anyOf: one } }] });
    else throw new Error(`Joi object dependency "${String(dep.rel)}" has no JSON Schema form here`);
  }
  return out;
}

function pairs(values: string[]): string[][] {
  return values.flatMap((a, i) => values.slice(i + 1).map((b) => [a, b]));
}

function objectSchema(d: Described, ctx: Context): Json {
  const s: Json = { type: 'object' };
  const properties: Json = {};
  const required: string[] = [];
  const conditions: Json[] = [];
  for (const [key, child] of Object.entries((d.keys ?? {}) as Record<string, Described>)) {
    const whens = (child.whens ?? []) as Described[];
    const presence = child.flags?.presence as string | undefined;
    if (presence === 'forbidden' && !whens.length) continue;
    if (whens.length) {
      // The key's schema depends on a sibling: any value here, the real schema in each branch.
      properties[key] = {};
      const base = { ...child, whens: undefined };
      for (const when of whens) conditions.push(conditional(key, base, when, d.keys as Record<string, Described>, ctx));
      continue;
    }
    properties[key] = convert(child, { ...ctx, key });
    if (presence === 'required') required.push(key);
  }
  if (Object.keys(properties).length) s.properties = properties;
  if (required.length) s.required = required;
  const patterns = (d.patterns ?? []) as Described[];
  if (patterns.length) {
    s.patternProperties = Object.fromEntries(
      patterns.map((p) => [regexSource(p.regex as string), convert(p.rule as Described, ctx)]),
    );
  }
  // Joi refuses keys it does not know unless told otherwise; responses may grow fields, so only requests say so.
  if (ctx.direction === 'request' && !d.flags?.unknown) s.additionalProperties = false;
  const min = rule(d, 'min');
  const max = rule(d, 'max');
  if (min) s.minProperties = min.args.limit;
  if (max) s.maxProperties = max.args.limit;
  const all = [...conditions, ...dependencySchemas(d)];
  if (all.length) s.allOf = all;
  return s;
}

function byType(d: Described, ctx: Context): Json {
  switch (d.type) {
    case 'string':
      return stringSchema(d, ctx);
    case 'number':
      return numberSchema(d, ctx);
    case 'boolean':
      return { type: 'boolean' };
    case 'date':
      return { type: 'string', format: 'date-time' };
    case 'array':
      return arraySchema(d, ctx);
    case 'object':
      return objectSchema(d, ctx);
    case 'alternatives':
      return { anyOf: ((d.matches ?? []) as Described[]).map((m) => convert(m.schema as Described, ctx)) };
    case 'any':
      return {};
    default:
      throw new Error(`Joi type "${String(d.type)}" has no JSON Schema form here`);
  }
}

function withAllowed(s: Json, d: Described): Json {
  const allowed = ((d.allow ?? []) as unknown[]).filter((v) => !(typeof v === 'object' && v));
  if (d.flags?.only) return d.type === 'any' ? { enum: allowed } : { ...s, enum: allowed, ...typeOf(allowed, s) };
  // '' is a string already, unless the string has a form '' does not have.
  const constrained = s.format !== undefined || s.pattern !== undefined;
  const extra = allowed.filter((v) => v !== '' || s.type !== 'string' || constrained);
  if (!extra.length) return s;
  if (extra.every((v) => v === null) && typeof s.type === 'string') return { ...s, type: [s.type, 'null'] };
  return { anyOf: [s, { enum: extra }] };
}

// An enum's own type, so that e.g. `Joi.number().valid(null)` does not read as "a number that is null".
function typeOf(values: unknown[], s: Json): Json {
  const types = [...new Set(values.map((v) => (v === null ? 'null' : typeof v === 'number' ? s.type : typeof v)))];
  const clean: Json = { type: types.length === 1 ? types[0] : types };
  for (const k of ['minLength', 'maxLength', 'pattern', 'allOf', 'minimum', 'maximum', 'format']) clean[k] = undefined;
  return clean;
}

function convert(d: Described, ctx: Context): Json {
  const s = withAllowed(byType(d, ctx), d);
  if (d.flags?.description) s.description = d.flags.description;
  if (ctx.direction === 'request' && d.flags?.default !== undefined && typeof d.flags.default !== 'object')
    s.default = d.flags.default;
  if (d.examples) s.examples = d.examples;
  return JSON.parse(JSON.stringify(s)) as Json;
}

export function jsonSchema(schema: Joi.Schema, direction: Direction): Json {
  return convert(schema.describe(), { direction });
}
