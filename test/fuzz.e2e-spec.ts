import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Role } from '@tongban/platform';
import {
  addToCareTeam,
  makeClient,
  makeClinic,
  makeDoseOrder,
  makeStaff,
  signIn,
  signInAdmin,
  SignedIn,
  STAFF_PASSWORD,
} from './factories';
import { ADMIN_PASSWORD, startTestApp, TestApp } from './support/test-app';

/**
 * A fuzz suite generated from the OpenAPI document: every operation it
 * describes, as an anonymous caller, as signed-in staff of every role (so the
 * right and the wrong ones), with path, query and body values drawn from
 * each field's declared type and from the inputs that break servers (NUL
 * bytes, lone surrogates, huge numbers, dates PostgreSQL cannot store,
 * tampered cursors, deep nesting, wrong media types). Nothing a client sends
 * may answer 5xx, and the audit chain still verifies afterwards.
 *
 * Bounded: FUZZ_RUNS samples per operation and caller (default 4), and a
 * time budget; the seed is fixed (FUZZ_SEED overrides it) so a failure
 * reproduces.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const RUNS = Number(process.env.FUZZ_RUNS ?? 4);
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 150_000);
/** The test's own limit: past its budget it stops sending, then verifies the audit chain (Jest's 60 s would end it first). */
const TEST_TIMEOUT_MS = BUDGET_MS + 2 * 60_000;

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  example?: unknown;
  allOf?: Schema[];
  oneOf?: Schema[];
  nullable?: boolean;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
}

interface ApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** Strings that have broken servers: NUL bytes, lone surrogates, injection, out-of-range dates and instants, tampered cursors. */
const EVIL_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '-'.repeat(36),
  "'; DROP TABLE client; --",
  '9'.repeat(400),
  '-271821-04-20T00:00:00.000Z',
  '+275760-09-13T00:00:00.000Z',
  '10000-01-01',
  '0000-00-00',
  '2026-02-30',
  '2026-13-01T25:61:00+99:00',
  'null',
  ' ',
  '',
  '%00',
  '../../etc/passwd',
  '{"key":"2026-01-01","id":"------------------------------------"}',
  Buffer.from(JSON.stringify({ key: 'not-a-date', id: '-'.repeat(36) })).toString('base64url'),
  Buffer.from(JSON.stringify({ key: { $gt: '' }, id: 1 })).toString('base64url'),
  Buffer.from('\u0000\u0001garbage').toString('base64url'),
  '美沙酮\u0000',
  'x'.repeat(5000),
];

const EVIL_NUMBERS: unknown[] = [-1, 0, 0.25, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, '12', '1e999', true, null, [], {}];

const evilString = fc.oneof(fc.constantFrom(...EVIL_STRINGS), fc.string({ unit: 'binary', maxLength: 40 }));
const evilValue: fc.Arbitrary<unknown> = fc.oneof(
  evilString,
  fc.constantFrom(...EVIL_NUMBERS),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(evilString, { maxLength: 3 }),
);

function resolve(doc: ApiDocument, schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (schema.$ref) return resolve(doc, doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')]);
  if (schema.allOf?.length) return resolve(doc, schema.allOf[0]);
  if (schema.oneOf?.length) return resolve(doc, schema.oneOf[0]);
  return schema;
}

/** A value of the declared type (often valid), from which the evil values depart. */
function plausible(doc: ApiDocument, raw: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(doc, raw);
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -10, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.oneof(
        fc.integer({ min: Math.ceil(schema.minimum ?? 0), max: Math.floor(schema.maximum ?? 1000) }),
        fc.double({ min: schema.minimum ?? 0, max: schema.maximum ?? 1000, noNaN: true }),
      );
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > 3 ? fc.constant([]) : fc.array(plausible(doc, schema.items, depth + 1), { maxLength: 3 });
    case 'object':
      return depth > 3 ? fc.constant({}) : objectOf(doc, schema, depth + 1, false);
    default:
      break;
  }
  if (schema.format === 'date') {
    return fc
      .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
  }
  if (schema.format === 'date-time') {
    return fc
      .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString());
  }
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.example !== undefined) return fc.oneof(fc.constant(schema.example), fc.string({ maxLength: 20 }));
  return fc.string({ maxLength: Math.min(schema.maxLength ?? 30, 30) });
}

/** An object of the schema's properties, each plausible or (when `evil`) sometimes replaced by a hostile value, sometimes with an unknown property. */
function objectOf(doc: ApiDocument, schema: Schema, depth: number, evil: boolean): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.entries(schema.properties ?? {});
  const fields = properties.map(([name, property]) => {
    const value = plausible(doc, property, depth);
    const hostile = fc.oneof(
      { arbitrary: value, weight: 6 },
      { arbitrary: evilValue, weight: 1 },
      { arbitrary: value.map((v) => (typeof v === 'string' ? `${v}\u0000${v}` : v)), weight: 1 },
    );
    return fc.tuple(fc.constant(name), evil ? hostile : value, fc.boolean());
  });
  const extraProperty = fc.oneof(
    { arbitrary: fc.constant(null), weight: 6 },
    { arbitrary: fc.tuple(fc.string({ maxLength: 10 }), evilValue), weight: 1 },
  );
  return fc.tuple(fc.tuple(...fields), extraProperty).map(([entries, extra]) => {
    const body: Record<string, unknown> = {};
    for (const [name, value, include] of entries) {
      if (include || schema.required?.includes(name)) body[name] = value;
    }
    if (extra) body[extra[0] || 'unknown'] = extra[1];
    return body;
  });
}

/** Percent-encodes a path segment, lone surrogates included (as the invalid UTF-8 bytes a hostile client would send). */
function encodePathSegment(value: string): string {
  return value
    .split(/([\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF])/)
    .map((part, i) => (i % 2 ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');
}

/** A JSON value nested `depth` levels deep. */
function nested(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i += 1) value = i % 2 ? [value] : { a: value };
  return value;
}

type BodyCase = { kind: 'json'; value: unknown } | { kind: 'raw'; contentType: string; text: string };

function bodyCases(doc: ApiDocument, operation: Operation): fc.Arbitrary<BodyCase | undefined> {
  const content = operation.requestBody?.content;
  if (!content) return fc.constant(undefined);
  const json = content['application/json']?.schema;
  const raw: fc.Arbitrary<BodyCase> = fc.oneof(
    fc.record({
      kind: fc.constant('raw' as const),
      contentType: fc.constant('application/json'),
      text: fc.constantFrom('{', '{"a":', '[', 'null', '"\\u0000"', '\u0000'),
    }),
    fc.record({
      kind: fc.constant('raw' as const),
      contentType: fc.constantFrom('text/plain', 'application/xml', 'text/csv', 'image/png', 'application/x-www-form-urlencoded'),
      text: fc.oneof(evilString, fc.constant('client_code,clinic_day,dose_mg,kind\n"unterminated,2026-01-01,60,observed\n')),
    }),
  );
  if (!json) {
    const schemaOfOther = Object.values(content)[0]?.schema;
    return fc.oneof(
      raw,
      plausible(doc, schemaOfOther).map((value) => ({ kind: 'raw' as const, contentType: Object.keys(content)[0], text: String(value) })),
    );
  }
  const schema = resolve(doc, json);
  return fc.oneof(
    { arbitrary: objectOf(doc, schema, 0, true).map((value) => ({ kind: 'json' as const, value })), weight: 6 },
    {
      arbitrary: fc.constantFrom(nested(2000), nested(40), [], 'text', 12, null).map((value) => ({ kind: 'json' as const, value })),
      weight: 1,
    },
    { arbitrary: raw, weight: 1 },
  );
}

describe('fuzzing every route of the OpenAPI document', () => {
  let t: TestApp;
  let doc: ApiDocument;
  const callers: Array<{ name: string; auth: Record<string, string>; username?: string; password?: string }> = [
    { name: 'anonymous', auth: {} },
  ];
  let coordinator: SignedIn;
  let admin: SignedIn;
  /** Real ids for path parameters, by the collection the path names. */
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    const counselor = await makeStaff(t, admin, Role.Counselor, clinic.id);
    const physician = await makeStaff(t, admin, Role.Physician, clinic.id);
    const nurse = await makeStaff(t, admin, Role.Nurse, clinic.id);
    const peerLeader = await makeStaff(t, admin, Role.PeerLeader, clinic.id);
    const otherClinic = await makeClinic(t, admin);
    const outsider = await makeStaff(t, admin, Role.Coordinator, otherClinic.id);
    const client = await makeClient(t, counselor);
    await addToCareTeam(t, coordinator, client.id, physician);
    await makeDoseOrder(t, physician, client.id);
    const group = await t.http
      .post('/api/v1/peer-groups')
      .set(coordinator.auth)
      .send({ name: 'Fuzz group', leaderIds: [peerLeader.id] })
      .expect(201);
    const victim = await makeStaff(t, admin, Role.Nurse, clinic.id);
    Object.assign(ids, { clinics: clinic.id, clients: client.id, 'peer-groups': group.body.id as string, staff: victim.id });
    for (const [name, who] of Object.entries({ admin, coordinator, counselor, physician, nurse, peerLeader, outsider })) {
      callers.push({ name, auth: who.auth, username: who.username, password: who === admin ? ADMIN_PASSWORD : STAFF_PASSWORD });
    }
    const res = await t.http.get('/api/docs-json').set(admin.auth).expect(200);
    doc = res.body as ApiDocument;
  });

  afterAll(() => t?.close());

  /** Routes that end the session they are called with: each call gets a fresh session of the same caller. */
  const SESSION_ENDING = new Set(['/api/v1/auth/logout', '/api/v1/auth/password']);

  async function authFor(caller: (typeof callers)[number], path: string): Promise<Record<string, string>> {
    if (!SESSION_ENDING.has(path) || !caller.username || !caller.password) return caller.auth;
    return (await signIn(t, caller.username, caller.password)).auth;
  }

  it(
    'answers no request with a 5xx, and the audit chain verifies afterwards',
    async () => {
      const failures: string[] = [];
      let sent = 0;
      const started = Date.now();
      const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.entries(methods)
          .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
          .map(([method, operation]) => ({ path, method, operation })),
      );
      // Wrong logins (with the document's example usernames) lock accounts for a while: try sign-in last.
      operations.sort((a, b) => Number(a.path === '/api/v1/auth/login') - Number(b.path === '/api/v1/auth/login'));
      expect(operations.length).toBeGreaterThan(40);
      let seed = SEED;
      for (const { path, method, operation } of operations) {
        const parameters = operation.parameters ?? [];
        const collection = /^\/api\/v1\/([^/]+)/.exec(path)?.[1] ?? '';
        const pathValue = (name: string): fc.Arbitrary<string> =>
          fc.oneof(
            { arbitrary: fc.constant(name === 'id' && ids[collection] ? ids[collection] : randomUUID()), weight: 4 },
            { arbitrary: evilString.map((s) => encodePathSegment(s) || '-'), weight: 1 },
          );
        const query = fc.tuple(
          ...parameters
            .filter((p) => p.in === 'query')
            .map((p) =>
              fc.tuple(
                fc.constant(p.name),
                fc.option(fc.oneof(plausible(doc, p.schema), evilString, fc.constantFrom(...EVIL_NUMBERS)), { freq: 2 }),
              ),
            ),
        );
        const paths = fc.tuple(...parameters.filter((p) => p.in === 'path').map((p) => fc.tuple(fc.constant(p.name), pathValue(p.name))));
        const sample = fc.sample(fc.tuple(paths, query, bodyCases(doc, operation)), { seed: seed++, numRuns: RUNS });
        for (const caller of callers) {
          for (const [pathParams, queryParams, body] of sample) {
            if (Date.now() - started > BUDGET_MS) break;
            let url = path;
            for (const [name, value] of pathParams) url = url.replace(`{${name}}`, value);
            const search = new URLSearchParams();
            for (const [name, value] of queryParams) {
              if (value !== null && value !== undefined) search.append(name, typeof value === 'string' ? value : JSON.stringify(value));
            }
            const target = search.size ? `${url}?${search.toString()}` : url;
            let request = t.http[method as 'get'](target).set(await authFor(caller, path));
            if (body?.kind === 'json') request = request.set('Content-Type', 'application/json').send(JSON.stringify(body.value));
            else if (body?.kind === 'raw') request = request.set('Content-Type', body.contentType).send(body.text);
            const res = await request;
            sent += 1;
            if (res.status >= 500 && !(path.startsWith('/health') && res.status === 503)) {
              failures.push(
                `${res.status} ${method.toUpperCase()} ${target.slice(0, 200)} as ${caller.name}: ${JSON.stringify(body)?.slice(0, 200)}`,
              );
            }
            if (res.status >= 400 && res.headers['content-type'] && !/json/.test(res.headers['content-type'])) {
              failures.push(
                `non-JSON ${res.status} (${res.headers['content-type']}) ${method.toUpperCase()} ${target.slice(0, 200)} as ${caller.name}`,
              );
            }
            if (typeof res.text === 'string' && /\n\s+at .+\(.+:\d+:\d+\)/.test(res.text)) {
              failures.push(`stack trace in ${res.status} ${method.toUpperCase()} ${target.slice(0, 200)} as ${caller.name}`);
            }
          }
        }
      }
      console.log(
        `fuzz: ${sent} requests to ${operations.length} operations as ${callers.length} callers (seed ${SEED}) in ${Date.now() - started} ms`,
      );
      expect(failures).toEqual([]);
      expect(sent).toBeGreaterThan(operations.length * callers.length);

      for (const verifier of [coordinator, admin]) {
        const verified = await t.http.get('/api/v1/audit-events/verify').set(verifier.auth).expect(200);
        expect(verified.body).toMatchObject({ ok: true, firstBrokenId: null });
      }
    },
    TEST_TIMEOUT_MS,
  );
});
