import { randomUUID } from 'node:crypto';
import type { Response, Test } from 'supertest';
import { signIn, signInAdmin, SignedIn } from './factories';
import { listRoutes } from './support/routes';
import { ADMIN_PASSWORD, ADMIN_USERNAME, startTestApp, TestApp } from './support/test-app';

/**
 * Every route the application serves gets malformed input, from a signed-in
 * admin (so the guard lets the body through) and from a caller without a
 * token. Whatever arrives, the answer is never a 5xx, every 4xx is
 * problem+json (api.md, "Conventions"), no answer shows a stack trace, and
 * nothing is written.
 */

// ---------------------------------------------------------------- OpenAPI

interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
}

interface Operation {
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

function resolve(doc: OpenApiDocument, schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (schema.$ref) return resolve(doc, doc.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')]);
  if (schema.allOf) {
    const parts = schema.allOf.map((part) => resolve(doc, part));
    return { type: 'object', properties: Object.assign({}, ...parts.map((part) => part.properties ?? {})) as Record<string, Schema> };
  }
  if (schema.items) return { ...schema, items: resolve(doc, schema.items) };
  return schema;
}

// ---------------------------------------------------------------- targets

interface Field {
  name: string;
  schema: Schema;
}

/** One route with its path parameters filled in. */
interface Target {
  method: string;
  path: string;
  url: string;
  isPublic: boolean;
  /** The documented JSON body fields; null when the route takes no body. */
  fields: Field[] | null;
  queryParams: string[];
}

interface Caller {
  name: 'admin' | 'anonymous';
  headers: Record<string, string>;
}

/**
 * What a malformed request must at least get, on top of the contract every
 * answer keeps:
 * - `parser`: 400 VALIDATION_FAILED for every route and caller (the body parser refuses it before anything else);
 * - `refused`: 401 without a token on a protected route, otherwise a 4xx wherever the route takes a body;
 * - `answered`: 401 without a token on a protected route, otherwise only the contract;
 * - `too-large`: 413 PAYLOAD_TOO_LARGE on every POST, PATCH and PUT;
 * - `bad-query`: 400 VALIDATION_FAILED naming `param` on routes that document it, 401 without a token.
 */
type Check = 'parser' | 'refused' | 'answered' | 'too-large' | 'bad-query';

interface Payload {
  label: string;
  check: Check;
  /** The body parser may refuse it (400 or 415) before the guard asks for a token. */
  body?: string | Buffer;
  contentType?: string;
  /** A Content-Encoding header the body does not live up to. */
  encoding?: string;
  query?: string;
  param?: string;
}

type PayloadsFor = (target: Target) => Payload[];

// ---------------------------------------------------------------- malformed values

type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object';

function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as JsonType;
}

function declaredType(schema: Schema): JsonType | undefined {
  if (schema.type === 'integer' || schema.type === 'number') return 'number';
  if (schema.type === 'string' || schema.type === 'boolean' || schema.type === 'array' || schema.type === 'object') return schema.type;
  if (schema.enum) return 'string';
  if (schema.properties) return 'object';
  return undefined;
}

const WRONG_VALUES: Array<{ kind: string; value: unknown }> = [
  { kind: 'a number', value: 12345 },
  { kind: 'a negative fraction', value: -1.5 },
  { kind: 'a huge number', value: 1e308 },
  { kind: 'a string', value: 'x' },
  { kind: 'an empty string', value: '' },
  { kind: 'true', value: true },
  { kind: 'false', value: false },
  { kind: 'null', value: null },
  { kind: 'an empty array', value: [] },
  { kind: 'an array of strings', value: ['a', 'b'] },
  { kind: 'an empty object', value: {} },
  { kind: 'a nested object', value: { a: { b: [1, 'c'] } } },
];

/** A value of the wrong type for the field, built from `wrong` (which may happen to have the right type). */
function wrongFor(schema: Schema, wrong: unknown): unknown {
  const declared = declaredType(schema);
  if (declared === 'array' && schema.items?.properties && jsonTypeOf(wrong) === 'array') {
    // an array of objects: keep the array, spoil every field of its item
    return [Object.fromEntries(Object.entries(schema.items.properties).map(([name, sub]) => [name, wrongFor(sub, 12345)]))];
  }
  if (declared === 'object' && schema.properties && jsonTypeOf(wrong) === 'object') {
    return Object.fromEntries(Object.entries(schema.properties).map(([name, sub]) => [name, wrongFor(sub, 12345)]));
  }
  if (declared !== jsonTypeOf(wrong)) return wrong;
  return declared === 'array' ? { value: wrong } : [wrong];
}

const json = (value: unknown): string => JSON.stringify(value);
const HUGE = 'x'.repeat(900_000);
const HUGE_MULTIBYTE = '\u6c49'.repeat(300_000); // 900 KB of UTF-8
// The huge values as JSON, written once: each body that holds one is put together around it, not serialized again.
const HUGE_JSON = JSON.stringify(HUGE);
const HUGE_MULTIBYTE_JSON = JSON.stringify(HUGE_MULTIBYTE);
/** `json({ [name]: value })` for a value already written as JSON. */
const oneField = (name: string, valueJson: string): string => `{${JSON.stringify(name)}:${valueJson}}`;
const OVER_ONE_MB = 'x'.repeat(1_100_000);
const INVALID_UTF8 = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);

function nestedArrays(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

function nestedObjects(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** The first documented field, or a made-up one for routes without a body. */
function someField(target: Target): string {
  return target.fields?.[0]?.name ?? 'a';
}

const JSON_TYPE = 'application/json';

// ---------------------------------------------------------------- the cases

const wrongTypesOneField: PayloadsFor = (target) =>
  target.fields === null || target.fields.length === 0
    ? [
        {
          label: 'an object of junk values',
          check: 'answered',
          contentType: JSON_TYPE,
          body: json({ a: 1, b: [], c: {}, d: true, e: null }),
        },
      ]
    : target.fields.flatMap((field) =>
        WRONG_VALUES.filter(({ value }) => jsonTypeOf(value) !== declaredType(field.schema)).map(({ kind, value }) => ({
          label: `${field.name} = ${kind}`,
          check: value === null ? ('answered' as const) : ('refused' as const),
          contentType: JSON_TYPE,
          body: json({ [field.name]: wrongFor(field.schema, value) }),
        })),
      );

const wrongTypesEveryField: PayloadsFor = (target) =>
  WRONG_VALUES.map(({ kind, value }) => ({
    label: `every field = ${kind}`,
    check: value === null ? ('answered' as const) : ('refused' as const),
    contentType: JSON_TYPE,
    body: json(
      Object.fromEntries(
        (target.fields?.length ? target.fields : [{ name: 'a', schema: {} }]).map((f) => [f.name, wrongFor(f.schema, value)]),
      ),
    ),
  }));

const hugeStrings: PayloadsFor = (target) => [
  ...(target.fields?.length ? target.fields : [{ name: 'a', schema: {} }]).map((field) => ({
    label: `${field.name} = 900 KB string`,
    check: 'refused' as const,
    contentType: JSON_TYPE,
    body: oneField(field.name, HUGE_JSON),
  })),
  {
    label: '900 KB of Chinese characters',
    check: 'refused',
    contentType: JSON_TYPE,
    body: oneField(someField(target), HUGE_MULTIBYTE_JSON),
  },
  { label: 'a 900 KB property name', check: 'refused', contentType: JSON_TYPE, body: `{${HUGE_JSON}:1}` },
  {
    label: '5,000 properties',
    check: 'refused',
    contentType: JSON_TYPE,
    body: json(Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i]))),
  },
];

const overOneMegabyte: PayloadsFor = () => [
  { label: 'a 1.1 MB body', check: 'too-large', contentType: JSON_TYPE, body: json({ a: OVER_ONE_MB }) },
  { label: 'a 1.1 MB body sent as text/plain', check: 'answered', contentType: 'text/plain', body: OVER_ONE_MB },
];

const deeplyNested: PayloadsFor = (target) =>
  [1_000, 5_000].flatMap((depth) => [
    {
      label: `arrays nested ${depth} deep`,
      check: 'refused' as const,
      contentType: JSON_TYPE,
      body: nestedArrays(depth),
    },
    {
      label: `objects nested ${depth} deep`,
      check: 'refused' as const,
      contentType: JSON_TYPE,
      body: nestedObjects(depth),
    },
    {
      label: `${someField(target)} = arrays nested ${depth} deep`,
      check: 'refused' as const,
      contentType: JSON_TYPE,
      body: `{"${someField(target)}":${nestedArrays(depth)}}`,
    },
    {
      label: `${someField(target)} = objects nested ${depth} deep`,
      check: 'refused' as const,
      contentType: JSON_TYPE,
      body: `{"${someField(target)}":${nestedObjects(depth)}}`,
    },
  ]);

const invalidUtf8: PayloadsFor = () => [
  { label: 'invalid UTF-8 bytes FF FE in a value', check: 'refused', contentType: JSON_TYPE, body: INVALID_UTF8 },
  {
    label: 'overlong, surrogate and truncated UTF-8 sequences',
    check: 'refused',
    contentType: JSON_TYPE,
    body: Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xe6, 0x97]), Buffer.from('"}')]),
  },
  {
    label: 'invalid UTF-8 in a property name',
    check: 'refused',
    contentType: JSON_TYPE,
    body: Buffer.concat([Buffer.from('{"'), Buffer.from([0xff]), Buffer.from('":1}')]),
  },
  { label: 'invalid UTF-8 declared as charset=utf-8', check: 'refused', contentType: `${JSON_TYPE}; charset=utf-8`, body: INVALID_UTF8 },
];

const prototypeKeys: PayloadsFor = (target) => [
  { label: '__proto__ at the top', check: 'parser', contentType: JSON_TYPE, body: '{"__proto__":{"polluted":true}}' },
  {
    label: 'constructor.prototype at the top',
    check: 'parser',
    contentType: JSON_TYPE,
    body: '{"constructor":{"prototype":{"polluted":true}}}',
  },
  { label: 'prototype at the top', check: 'parser', contentType: JSON_TYPE, body: '{"prototype":{"polluted":true}}' },
  {
    label: '__proto__ inside a field',
    check: 'parser',
    contentType: JSON_TYPE,
    body: `{"${someField(target)}":{"__proto__":{"polluted":true}}}`,
  },
  { label: '__proto__ inside an array', check: 'parser', contentType: JSON_TYPE, body: '[{"__proto__":{"polluted":true}}]' },
  { label: 'an escaped \\u005f_proto__', check: 'parser', contentType: JSON_TYPE, body: '{"\\u005f_proto__":{"polluted":true}}' },
];

const notAnObject: PayloadsFor = () => [
  { label: 'an empty JSON array', check: 'refused', contentType: JSON_TYPE, body: '[]' },
  { label: 'a JSON array of numbers', check: 'refused', contentType: JSON_TYPE, body: '[1,2,3]' },
  { label: 'a JSON array of objects', check: 'refused', contentType: JSON_TYPE, body: '[{},{}]' },
  { label: 'a bare string', check: 'parser', contentType: JSON_TYPE, body: '"just a string"' },
  { label: 'null', check: 'parser', contentType: JSON_TYPE, body: 'null' },
  { label: 'true', check: 'parser', contentType: JSON_TYPE, body: 'true' },
  { label: 'a bare number', check: 'parser', contentType: JSON_TYPE, body: '42' },
  { label: 'truncated JSON', check: 'parser', contentType: JSON_TYPE, body: '{"a":"b' },
  { label: 'a lone brace', check: 'parser', contentType: JSON_TYPE, body: '{' },
  { label: 'a trailing comma', check: 'parser', contentType: JSON_TYPE, body: '{"a":1,}' },
  { label: 'single quotes', check: 'parser', contentType: JSON_TYPE, body: "{'a':1}" },
  { label: 'NaN', check: 'parser', contentType: JSON_TYPE, body: '{"a":NaN}' },
  { label: 'two objects', check: 'parser', contentType: JSON_TYPE, body: '{}{}' },
  { label: 'an empty body', check: 'answered', contentType: JSON_TYPE, body: '' },
  { label: 'whitespace only', check: 'parser', contentType: JSON_TYPE, body: '   \n ' },
];

const wrongContentType: PayloadsFor = (target) => {
  const fields = json({ [someField(target)]: 'x' });
  return [
    { label: 'JSON sent as text/plain', check: 'answered', contentType: 'text/plain', body: fields },
    { label: 'prose sent as text/plain', check: 'answered', contentType: 'text/plain', body: 'hello' },
    { label: 'a form', check: 'answered', contentType: 'application/x-www-form-urlencoded', body: `${someField(target)}=x&b=2` },
    { label: 'multipart junk', check: 'answered', contentType: 'multipart/form-data; boundary=zz', body: '--zz\r\nnot really\r\n--zz--' },
    { label: 'XML', check: 'answered', contentType: 'application/xml', body: '<a>1</a>' },
    { label: 'no content type at all', check: 'answered', body: Buffer.from(fields) },
    { label: 'a nonsense content type', check: 'answered', contentType: '%%%/;;;', body: fields },
    { label: 'JSON in latin1', check: 'answered', contentType: `${JSON_TYPE}; charset=latin1`, body: fields },
    { label: 'JSON in UTF-16', check: 'answered', contentType: `${JSON_TYPE}; charset=utf-16`, body: fields },
  ];
};

const junkQueries: PayloadsFor = (target) => [
  { label: 'limit=abc', check: 'bad-query', param: 'limit', query: 'limit=abc' },
  { label: 'limit=-1', check: 'bad-query', param: 'limit', query: 'limit=-1' },
  { label: 'limit=0', check: 'bad-query', param: 'limit', query: 'limit=0' },
  { label: 'limit=9999', check: 'bad-query', param: 'limit', query: 'limit=9999' },
  { label: 'limit=1.5', check: 'bad-query', param: 'limit', query: 'limit=1.5' },
  { label: 'limit=1e999', check: 'bad-query', param: 'limit', query: 'limit=1e999' },
  { label: 'limit=1&limit=2', check: 'bad-query', param: 'limit', query: 'limit=1&limit=2' },
  { label: 'limit[a]=1', check: 'bad-query', param: 'limit', query: 'limit[a]=1' },
  { label: 'cursor=%%%', check: 'bad-query', param: 'cursor', query: 'cursor=%%%' },
  { label: 'a forged cursor', check: 'bad-query', param: 'cursor', query: `cursor=${Buffer.from('["x","y"]').toString('base64url')}` },
  { label: 'a 600-character cursor', check: 'bad-query', param: 'cursor', query: `cursor=${'A'.repeat(600)}` },
  { label: 'cursor=a&cursor=b', check: 'bad-query', param: 'cursor', query: 'cursor=a&cursor=b' },
  { label: 'a bare %%%', check: 'answered', query: '%%%' },
  { label: 'empty names and values', check: 'answered', query: '=&=&&' },
  { label: 'an 8 KB value', check: 'answered', query: `a=${'x'.repeat(8_000)}` },
  { label: '__proto__ and constructor', check: 'answered', query: '__proto__[polluted]=1&constructor[prototype][polluted]=1' },
  ...target.queryParams.flatMap((param) => [
    { label: `${param}=%%%`, check: 'answered' as const, query: `${param}=%%%` },
    { label: `${param} of 5,000 characters`, check: 'answered' as const, query: `${param}=${'9'.repeat(5_000)}` },
    { label: `${param} twice`, check: 'answered' as const, query: `${param}=a&${param}=b` },
    { label: `${param}[x]=1`, check: 'answered' as const, query: `${param}[x]=1` },
    { label: `${param} empty`, check: 'answered' as const, query: `${param}=` },
    { label: `${param} = a NUL byte`, check: 'answered' as const, query: `${param}=%00` },
  ]),
];

const CASES: Array<{ title: string; payloads: PayloadsFor }> = [
  {
    title: 'a 4xx to numbers, arrays, objects, booleans and null in place of each field, one field at a time',
    payloads: wrongTypesOneField,
  },
  { title: 'a 4xx to the wrong type in every field at once', payloads: wrongTypesEveryField },
  { title: 'a 4xx to 900 KB strings in each field, huge property names and 5,000 properties', payloads: hugeStrings },
  { title: '413 PAYLOAD_TOO_LARGE to a JSON body over 1 MB on POST, PATCH and PUT', payloads: overOneMegabyte },
  { title: 'a 4xx to arrays and objects nested 1,000 and 5,000 levels deep', payloads: deeplyNested },
  { title: 'a 4xx to invalid UTF-8 sent raw as application/json', payloads: invalidUtf8 },
  { title: '400 VALIDATION_FAILED to __proto__, constructor and prototype keys', payloads: prototypeKeys },
  { title: 'a 4xx to JSON arrays, bare strings, null, truncated and otherwise broken JSON', payloads: notAnObject },
  { title: 'no 5xx to text/plain, forms, XML, a missing content type and charsets other than UTF-8', payloads: wrongContentType },
  { title: '400 VALIDATION_FAILED to junk limit and cursor on lists, and no 5xx to junk in any query parameter', payloads: junkQueries },
];

// ---------------------------------------------------------------- the contract

const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

/** What is wrong with an answer whatever was sent. */
function contractViolations(res: Response, method: string): string[] {
  const problems: string[] = [];
  const text = res.text ?? '';
  if (res.status >= 500) problems.push(`answered ${res.status}`);
  if (text.includes('    at ') || text.includes('node_modules') || /"stack"\s*:/.test(text)) problems.push('shows a stack trace');
  if (res.status < 400 || method === 'HEAD') return problems; // a HEAD answer has no body
  const contentType = String(res.headers['content-type'] ?? '');
  if (!contentType.startsWith('application/problem+json')) problems.push(`content-type is ${contentType || 'missing'}`);
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return [...problems, 'the body is not JSON'];
  }
  if (body.status !== res.status) problems.push(`body status ${String(body.status)}`);
  if (typeof body.code !== 'string' || !UPPER_SNAKE.test(body.code)) problems.push(`code ${String(body.code)} is not UPPER_SNAKE`);
  for (const key of ['title', 'type', 'requestId']) {
    if (typeof body[key] !== 'string' || body[key] === '') problems.push(`no ${key}`);
  }
  if (body.requestId !== res.headers['x-request-id']) problems.push('requestId differs from X-Request-Id');
  const errors = body.errors;
  if (
    errors !== undefined &&
    !(
      Array.isArray(errors) &&
      errors.every((e: { field?: unknown; message?: unknown }) => typeof e.field === 'string' && typeof e.message === 'string')
    )
  ) {
    problems.push('errors are not [{ field, message }]');
  }
  return problems;
}

function checkViolation(res: Response, target: Target, caller: Caller, payload: Payload): string | undefined {
  const body = (res.body ?? {}) as { code?: string; errors?: Array<{ field: string }> };
  const anonymousOnProtected = caller.name === 'anonymous' && !target.isPublic;
  if (caller.name === 'admin' && !target.isPublic && res.status === 401) return "the admin's token was refused";
  // The body is read before the token is checked, so a body refused as such (400, 413, 415) may come first.
  const unauthenticated = res.status === 401 || [400, 413, 415].includes(res.status);
  switch (payload.check) {
    case 'parser':
      return res.status === 400 && body.code === 'VALIDATION_FAILED' ? undefined : 'expected 400 VALIDATION_FAILED';
    case 'refused':
      if (anonymousOnProtected) return unauthenticated ? undefined : 'expected 401 without a token';
      return target.fields !== null && (res.status < 400 || res.status >= 500) ? 'expected a 4xx' : undefined;
    case 'answered':
      return anonymousOnProtected && !unauthenticated ? 'expected 401 without a token' : undefined;
    case 'too-large':
      if (!['POST', 'PATCH', 'PUT'].includes(target.method)) return undefined;
      return res.status === 413 && body.code === 'PAYLOAD_TOO_LARGE' ? undefined : 'expected 413 PAYLOAD_TOO_LARGE';
    case 'bad-query':
      if (anonymousOnProtected) return res.status === 401 ? undefined : 'expected 401 without a token';
      if (!payload.param || !target.queryParams.includes(payload.param) || res.status === 403) return undefined;
      return res.status === 400 && body.code === 'VALIDATION_FAILED' && body.errors?.some((e) => e.field.startsWith(payload.param!))
        ? undefined
        : `expected 400 VALIDATION_FAILED naming ${payload.param}`;
  }
}

// ---------------------------------------------------------------- the suite

describe('malformed input on every route', () => {
  let t: TestApp;
  let admin: SignedIn;
  let targets: Target[];
  let callers: Caller[];
  /** What each list the admin may read held before the malformed requests. */
  const listsBefore = new Map<string, unknown>();

  function open(method: string, url: string): Test {
    switch (method) {
      case 'GET':
        return t.http.get(url);
      case 'POST':
        return t.http.post(url);
      case 'PUT':
        return t.http.put(url);
      case 'PATCH':
        return t.http.patch(url);
      case 'DELETE':
        return t.http.delete(url);
      case 'HEAD':
        return t.http.head(url);
      case 'OPTIONS':
        return t.http.options(url);
      default:
        return t.http.get(url);
    }
  }

  async function send(target: Target, caller: Caller, payload: Payload): Promise<Response> {
    let req = open(target.method, payload.query === undefined ? target.url : `${target.url}?${payload.query}`).set(caller.headers);
    if (payload.contentType !== undefined) req = req.set('Content-Type', payload.contentType);
    if (payload.encoding !== undefined) req = req.set('Content-Encoding', payload.encoding);
    // bodies go out byte for byte: superagent would re-encode a Buffer as JSON
    if (payload.body !== undefined) req = req.serialize((body: string) => body).send(payload.body);
    return req;
  }

  /** Sends every payload to every target as every caller; returns what went wrong, one line each. */
  async function exercise(payloadsFor: PayloadsFor): Promise<string[]> {
    // A target's payloads are made when its turn comes: made all at once, the 900 KB bodies of every route would be held together.
    const pairs = callers.flatMap((caller) => targets.map((target) => ({ caller, target })));
    const failures: string[] = [];
    let nextPair = 0;
    let pending: Array<{ caller: Caller; target: Target; payload: Payload }> = [];
    const nextJob = () => {
      while (pending.length === 0 && nextPair < pairs.length) {
        const { caller, target } = pairs[nextPair++];
        pending = payloadsFor(target).map((payload) => ({ caller, target, payload }));
      }
      return pending.shift();
    };
    const worker = async (): Promise<void> => {
      for (let job = nextJob(); job; job = nextJob()) {
        const { caller, target, payload } = job;
        const res = await send(target, caller, payload);
        const problems = [...contractViolations(res, target.method), checkViolation(res, target, caller, payload)].filter(Boolean);
        if (problems.length > 0) {
          failures.push(
            `${caller.name} ${target.method} ${target.url} with ${payload.label}: ${problems.join(', ')} (answered ${res.status} ${(res.text ?? '').slice(0, 200)})`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    return failures.sort();
  }

  async function readLists(): Promise<Map<string, unknown>> {
    const lists = new Map<string, unknown>();
    for (const target of targets.filter((candidate) => candidate.method === 'GET' && !candidate.path.includes(':'))) {
      const res = await t.http.get(target.url).set(admin.auth);
      if (res.status === 200 && Array.isArray(res.body?.items)) lists.set(target.url, res.body);
    }
    return lists;
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
    callers = [
      { name: 'admin', headers: admin.auth },
      { name: 'anonymous', headers: {} },
    ];
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as OpenApiDocument;
    targets = listRoutes(t.app).flatMap((route) => {
      const operation = doc.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()] ?? {};
      const bodySchema = operation.requestBody?.content?.[JSON_TYPE]?.schema;
      const properties = resolve(doc, bodySchema).properties ?? {};
      const target = {
        method: route.method,
        path: route.path,
        isPublic: route.access === 'public',
        fields: operation.requestBody ? Object.entries(properties).map(([name, schema]) => ({ name, schema: resolve(doc, schema) })) : null,
        queryParams: (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      };
      const hasParams = /[:*]\w+/.test(route.path);
      const ids = hasParams ? [randomUUID(), 'not-a-uuid'] : [''];
      return ids.map((id) => ({ ...target, url: route.path.replace(/[:*]\w+/g, id) }));
    });
    expect(targets.length).toBeGreaterThan(10);
    for (const [url, list] of await readLists()) listsBefore.set(url, list);
  });
  afterAll(() => t.close());

  // Runs first: deep bodies sent earlier would warm up the validation code and
  // hide a stack overflow on a freshly started server.
  it(
    'answers a 4xx to arrays nested 1,500 to 2,500 levels deep, even on a freshly started server',
    async () => {
      expect(
        await exercise((target) =>
          [1_500, 2_000, 2_500].flatMap((depth) => [
            {
              label: `arrays nested ${depth} deep`,
              check: 'refused' as const,
              contentType: JSON_TYPE,
              body: nestedArrays(depth),
            },
            {
              label: `${someField(target)} = arrays nested ${depth} deep`,
              check: 'refused' as const,
              contentType: JSON_TYPE,
              body: `{"${someField(target)}":${nestedArrays(depth)}}`,
            },
          ]),
        ),
      ).toEqual([]);
    },
    10 * 60_000,
  );

  // Every route of the API, each with many payloads: the time grows with the routes, not a performance check.
  it.each(CASES)(
    'answers $title',
    async ({ payloads }) => {
      expect(await exercise(payloads)).toEqual([]);
    },
    10 * 60_000,
  );

  it('leaves Object.prototype alone', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('answers a 4xx to a body that claims gzip, deflate or br compression but is not compressed', async () => {
    expect(
      await exercise(() =>
        ['gzip', 'deflate', 'br'].map((encoding) => ({
          label: `Content-Encoding: ${encoding} on plain JSON`,
          check: 'answered' as const,
          contentType: JSON_TYPE,
          body: '{"a":1}',
          encoding,
        })),
      ),
    ).toEqual([]);
  });

  it('created and changed nothing: every list the admin reads is as it was', async () => {
    const listsAfter = await readLists();
    expect([...listsAfter.keys()].sort()).toEqual([...listsBefore.keys()].sort());
    for (const [url, list] of listsBefore) expect({ url, list: listsAfter.get(url) }).toEqual({ url, list });
  });

  it('keeps the audit chain intact: GET /api/v1/audit-events/verify answers ok: true', async () => {
    const res = await t.http.get('/api/v1/audit-events/verify').set(admin.auth).expect(200);
    expect(res.body).toMatchObject({ ok: true, firstBrokenId: null });
  });

  it("keeps the admin's session working and lets the admin sign in again", async () => {
    await t.http.get('/api/v1/auth/me').set(admin.auth).expect(200);
    const again = await signIn(t, ADMIN_USERNAME, ADMIN_PASSWORD);
    expect(again.id).toBe(admin.id);
  });
});
