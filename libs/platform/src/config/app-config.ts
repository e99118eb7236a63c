import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LOG_FORMAT_SETTINGS, LogFormatSetting } from '../logging/log-format';

/** Raised when the environment is invalid; `main` prints its message as one line and exits. */
export class ConfigError extends Error {}

export type NodeEnv = 'development' | 'production' | 'test';

/**
 * The validated configuration of a Tongban process. Built once, from the
 * environment, by {@link loadConfig}; injected everywhere as this class.
 */
export class AppConfig {
  nodeEnv!: NodeEnv;
  port!: number;
  databaseUrl?: string;
  /** The role that owns the tables and runs migrations, when the application's own role (DATABASE_URL) does not. */
  databaseOwnerUrl?: string;
  dataDir!: string;
  redisUrl?: string;
  jwtSecret!: string;
  /** AES-256 keys by key id; `currentKeyId` encrypts, all decrypt. */
  dataEncryptionKeys!: ReadonlyMap<string, Buffer>;
  currentKeyId!: string;
  bootstrapAdminUsername!: string;
  bootstrapAdminPassword?: string;
  smtpUrl?: string;
  smsGatewayUrl?: string;
  smsGatewayToken?: string;
  /** `SMS_PROVIDER`: which SMS channel sends (`gateway` by default). */
  smsProvider!: SmsProvider;
  /** With `SMS_PROVIDER=aliyun`: Alibaba Cloud SMS (all required). */
  aliyunSms?: AliyunSmsConfig;
  /** With `SMS_PROVIDER=tencent`: Tencent Cloud SMS (all required). */
  tencentSms?: TencentSmsConfig;
  logLevel!: string;
  /** `LOG_FORMAT`: `auto` (readable on a terminal, JSON otherwise), `json` or `pretty`. */
  logFormat!: LogFormatSetting;
  /** Run PGlite in memory instead of `DATA_DIR` (tests only). */
  embeddedInMemory!: boolean;
  /** With {@link embeddedInMemory}: start from this image of a migrated data directory (a tar file written by PGlite's `dumpDataDir`) instead of an empty one (tests only). */
  embeddedImage?: string;
  /**
   * `TONGBAN_PASSWORD_HASH_COST=minimal` (with NODE_ENV=test only): argon2id with the least memory and time, for test
   * suites that create thousands of accounts. Otherwise `standard`, OWASP's parameters.
   */
  passwordHashCost!: 'standard' | 'minimal';
  /** Where signed audit chain checkpoints are appended (a place the database's users cannot write), and how often. */
  auditCheckpointDir!: string;
  auditCheckpointEveryMs!: number;
  /** `/api/docs` and `/api/docs-json` without sign-in (always outside production; `API_DOCS_PUBLIC=true` in production). */
  apiDocsPublic!: boolean;
  /** Set when this start generated `DATA_DIR/secrets.json` (no keys were given and none were kept there). */
  generatedSecretsFile?: string;
  /** How long one statement of an ordinary request may run, and a transaction may sit idle, on PostgreSQL (ms). */
  databaseStatementTimeoutMs!: number;
  /** How long a request body may pause (no byte arriving) before the request is answered 408 and its connection closed (ms). */
  uploadIdleTimeoutMs!: number;
  /** How many history imports one API process runs at once; more are answered 429 with Retry-After. */
  importConcurrency!: number;
}

export type SmsProvider = 'gateway' | 'aliyun' | 'tencent';
export const SMS_PROVIDERS: readonly SmsProvider[] = ['gateway', 'aliyun', 'tencent'];

export interface AliyunSmsConfig {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  /** Host (`dysmsapi.aliyuncs.com`) or URL with scheme (`http://127.0.0.1:8080`). */
  endpoint: string;
}

export interface TencentSmsConfig {
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signName: string;
  region: string;
  /** Host (`sms.tencentcloudapi.com`) or URL with scheme. */
  endpoint: string;
}

/** Fewer different characters than this in a production JWT_SECRET is a guessable secret (`'a'.repeat(32)`, a word repeated). */
export const MIN_SECRET_DISTINCT_CHARACTERS = 16;

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function fail(variable: string, why: string): never {
  throw new ConfigError(`Invalid configuration: ${variable} ${why}`);
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const value = optional(env, name);
  if (value === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    fail(name, 'is not a valid URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    fail(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return value;
}

/**
 * `DATA_ENCRYPTION_KEY` holds one or more keys: `base64` (key id `k1`) or
 * `id:base64,id:base64`, the first one being used for new values.
 */
export function parseEncryptionKeys(raw: string, variable = 'DATA_ENCRYPTION_KEY'): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const part of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [id, material] = part.includes(':') ? part.split(':', 2) : ['k1', part];
    if (!/^[A-Za-z0-9_-]{1,16}$/.test(id)) fail(variable, `has an invalid key id "${id}"`);
    const key = Buffer.from(material, 'base64');
    if (key.length !== 32) fail(variable, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)');
    if (keys.has(id)) fail(variable, `names key id "${id}" twice`);
    keys.set(id, key);
  }
  if (keys.size === 0) fail(variable, 'is empty');
  return keys;
}

interface GeneratedSecrets {
  jwtSecret: string;
  dataEncryptionKey: string;
  /** True when the file was written just now. */
  created?: boolean;
}

/**
 * Creates `dir` (and missing parents) readable by the owner only (0700). A
 * directory that exists is left as it is (`DATA_DIR` may be a shared place
 * chosen by the operator); what Tongban keeps in it is made private instead.
 */
export function makePrivateDir(dir: string): void {
  if (existsSync(dir)) return;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Secrets for development installs: generated once into DATA_DIR and reused. */
function generatedSecrets(dataDir: string): GeneratedSecrets {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<GeneratedSecrets>;
      if (typeof parsed.jwtSecret === 'string' && typeof parsed.dataEncryptionKey === 'string') {
        return { jwtSecret: parsed.jwtSecret, dataEncryptionKey: parsed.dataEncryptionKey };
      }
    } catch {
      // fall through to the error below
    }
    throw new ConfigError(`Invalid configuration: ${file} is unreadable; restore it or set JWT_SECRET and DATA_ENCRYPTION_KEY`);
  }
  const secrets: GeneratedSecrets = {
    jwtSecret: randomBytes(48).toString('base64url'),
    dataEncryptionKey: randomBytes(32).toString('base64'),
  };
  makePrivateDir(dataDir);
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return { ...secrets, created: true };
}

/**
 * For installs whose keys were generated into DATA_DIR: puts a new data key in
 * front (it seals from now on), keeping the older ones to open old values.
 * Returns the new key id. Installs that set DATA_ENCRYPTION_KEY rotate by
 * putting the new key first in that variable instead.
 */
export function addGeneratedDataKey(dataDir: string): string {
  const file = join(dataDir, 'secrets.json');
  const { jwtSecret, dataEncryptionKey } = generatedSecrets(dataDir);
  const secrets = { jwtSecret, dataEncryptionKey };
  const keys = parseEncryptionKeys(secrets.dataEncryptionKey);
  let n = keys.size + 1;
  while (keys.has(`k${n}`)) n += 1;
  const id = `k${n}`;
  const entries = [`${id}:${randomBytes(32).toString('base64')}`, ...[...keys].map(([keyId, key]) => `${keyId}:${key.toString('base64')}`)];
  writeFileSync(file, JSON.stringify({ ...secrets, dataEncryptionKey: entries.join(',') }, null, 2), { mode: 0o600 });
  return id;
}

function endpoint(env: Env, name: string): string | undefined {
  const value = optional(env, name);
  if (value === undefined) return undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    url(env, name, ['http:', 'https:']);
    return value;
  }
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(value)) fail(name, 'must be a host name or an http(s) URL');
  return value;
}

/**
 * `SMS_PROVIDER` and the chosen provider's variables. Every missing one is
 * named on a line of its own, so one start tells the operator all of them.
 */
function loadSmsProvider(env: Env, config: AppConfig): void {
  const provider = optional(env, 'SMS_PROVIDER') ?? 'gateway';
  if (!(SMS_PROVIDERS as readonly string[]).includes(provider)) fail('SMS_PROVIDER', `must be one of ${SMS_PROVIDERS.join(', ')}`);
  config.smsProvider = provider as SmsProvider;
  const required = (names: readonly string[]): Record<string, string> => {
    const missing = names.filter((name) => optional(env, name) === undefined);
    if (missing.length > 0) {
      throw new ConfigError(missing.map((name) => `Invalid configuration: ${name} is required when SMS_PROVIDER=${provider}`).join('\n'));
    }
    return Object.fromEntries(names.map((name) => [name, optional(env, name)!]));
  };
  if (provider === 'aliyun') {
    const v = required(['ALIYUN_SMS_ACCESS_KEY_ID', 'ALIYUN_SMS_ACCESS_KEY_SECRET', 'ALIYUN_SMS_SIGN_NAME']);
    config.aliyunSms = {
      accessKeyId: v.ALIYUN_SMS_ACCESS_KEY_ID,
      accessKeySecret: v.ALIYUN_SMS_ACCESS_KEY_SECRET,
      signName: v.ALIYUN_SMS_SIGN_NAME,
      endpoint: endpoint(env, 'ALIYUN_SMS_ENDPOINT') ?? 'dysmsapi.aliyuncs.com',
    };
  } else if (provider === 'tencent') {
    const v = required(['TENCENT_SMS_SECRET_ID', 'TENCENT_SMS_SECRET_KEY', 'TENCENT_SMS_SDK_APP_ID', 'TENCENT_SMS_SIGN_NAME']);
    if (!/^\d{1,20}$/.test(v.TENCENT_SMS_SDK_APP_ID)) fail('TENCENT_SMS_SDK_APP_ID', 'must be the numeric SdkAppId');
    const region = optional(env, 'TENCENT_SMS_REGION') ?? 'ap-guangzhou';
    if (!/^[a-z]+(-[a-z]+)+$/.test(region)) fail('TENCENT_SMS_REGION', 'must be a region such as ap-guangzhou');
    config.tencentSms = {
      secretId: v.TENCENT_SMS_SECRET_ID,
      secretKey: v.TENCENT_SMS_SECRET_KEY,
      sdkAppId: v.TENCENT_SMS_SDK_APP_ID,
      signName: v.TENCENT_SMS_SIGN_NAME,
      region,
      endpoint: endpoint(env, 'TENCENT_SMS_ENDPOINT') ?? 'sms.tencentcloudapi.com',
    };
  }
}

export function loadConfig(env: Env = process.env): AppConfig {
  const config = new AppConfig();

  const nodeEnv = optional(env, 'NODE_ENV') ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    fail('NODE_ENV', 'must be development, production or test');
  }
  config.nodeEnv = nodeEnv as NodeEnv;

  const port = optional(env, 'PORT') ?? '3000';
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    fail('PORT', 'must be an integer between 1 and 65535');
  }
  config.port = Number(port);

  config.databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  config.databaseOwnerUrl = url(env, 'DATABASE_OWNER_URL', ['postgres:', 'postgresql:']);
  if (config.databaseOwnerUrl && !config.databaseUrl) fail('DATABASE_OWNER_URL', 'needs DATABASE_URL (the role the application runs as)');
  config.redisUrl = url(env, 'REDIS_URL', ['redis:', 'rediss:']);
  config.smtpUrl = url(env, 'SMTP_URL', ['smtp:', 'smtps:']);
  config.smsGatewayUrl = url(env, 'SMS_GATEWAY_URL', ['http:', 'https:']);
  config.smsGatewayToken = optional(env, 'SMS_GATEWAY_TOKEN');
  loadSmsProvider(env, config);
  config.dataDir = resolve(optional(env, 'DATA_DIR') ?? './data');
  config.embeddedInMemory = optional(env, 'TONGBAN_EMBEDDED_IN_MEMORY') === '1';
  config.embeddedImage = optional(env, 'TONGBAN_EMBEDDED_IMAGE');
  if (config.embeddedImage && !config.embeddedInMemory) fail('TONGBAN_EMBEDDED_IMAGE', 'needs TONGBAN_EMBEDDED_IN_MEMORY=1');
  const hashCost = optional(env, 'TONGBAN_PASSWORD_HASH_COST') ?? 'standard';
  if (hashCost !== 'standard' && hashCost !== 'minimal') fail('TONGBAN_PASSWORD_HASH_COST', 'must be standard or minimal');
  if (hashCost === 'minimal' && config.nodeEnv !== 'test') fail('TONGBAN_PASSWORD_HASH_COST', 'may be minimal only with NODE_ENV=test');
  config.passwordHashCost = hashCost;
  config.auditCheckpointDir = resolve(optional(env, 'AUDIT_CHECKPOINT_DIR') ?? join(config.dataDir, 'audit-checkpoints'));
  const checkpointEvery = optional(env, 'AUDIT_CHECKPOINT_EVERY_MS') ?? '60000';
  if (!/^\d{1,9}$/.test(checkpointEvery))
    fail('AUDIT_CHECKPOINT_EVERY_MS', 'must be a whole number of milliseconds (0 turns checkpoints off)');
  config.auditCheckpointEveryMs = Number(checkpointEvery);

  const logLevel = optional(env, 'LOG_LEVEL') ?? (config.nodeEnv === 'test' ? 'silent' : 'info');
  if (!LOG_LEVELS.includes(logLevel)) fail('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  config.logLevel = logLevel;
  const logFormat = optional(env, 'LOG_FORMAT') ?? 'auto';
  if (!(LOG_FORMAT_SETTINGS as readonly string[]).includes(logFormat))
    fail('LOG_FORMAT', `must be one of ${LOG_FORMAT_SETTINGS.join(', ')}`);
  config.logFormat = logFormat as LogFormatSetting;

  let jwtSecret = optional(env, 'JWT_SECRET');
  let encryptionKey = optional(env, 'DATA_ENCRYPTION_KEY');
  if (config.nodeEnv === 'production') {
    if (!jwtSecret) fail('JWT_SECRET', 'is required when NODE_ENV=production');
    if (!encryptionKey) fail('DATA_ENCRYPTION_KEY', 'is required when NODE_ENV=production');
  } else if (!jwtSecret || !encryptionKey) {
    const generated = generatedSecrets(config.dataDir);
    if (generated.created) config.generatedSecretsFile = join(config.dataDir, 'secrets.json');
    jwtSecret ??= generated.jwtSecret;
    encryptionKey ??= generated.dataEncryptionKey;
  }
  if (jwtSecret.length < 32) fail('JWT_SECRET', 'must be at least 32 characters');
  if (config.nodeEnv === 'production' && new Set(jwtSecret).size < MIN_SECRET_DISTINCT_CHARACTERS) {
    fail(
      'JWT_SECRET',
      `is too easy to guess (fewer than ${MIN_SECRET_DISTINCT_CHARACTERS} different characters); make one with openssl rand -base64 48`,
    );
  }
  config.jwtSecret = jwtSecret;
  const keys = parseEncryptionKeys(encryptionKey);
  config.dataEncryptionKeys = keys;
  config.currentKeyId = keys.keys().next().value as string;

  const docsPublic = optional(env, 'API_DOCS_PUBLIC');
  if (docsPublic !== undefined && docsPublic !== 'true' && docsPublic !== 'false') fail('API_DOCS_PUBLIC', 'must be true or false');
  config.apiDocsPublic = config.nodeEnv !== 'production' || docsPublic === 'true';

  const statementTimeout = optional(env, 'DATABASE_STATEMENT_TIMEOUT_MS') ?? '10000';
  if (!/^\d{1,7}$/.test(statementTimeout) || Number(statementTimeout) < 100 || Number(statementTimeout) > 3_600_000) {
    fail('DATABASE_STATEMENT_TIMEOUT_MS', 'must be a number of milliseconds between 100 and 3600000');
  }
  config.databaseStatementTimeoutMs = Number(statementTimeout);

  const uploadIdle = optional(env, 'UPLOAD_IDLE_TIMEOUT_MS') ?? '30000';
  if (!/^\d{1,7}$/.test(uploadIdle) || Number(uploadIdle) < 100 || Number(uploadIdle) > 600_000) {
    fail('UPLOAD_IDLE_TIMEOUT_MS', 'must be a number of milliseconds between 100 and 600000');
  }
  config.uploadIdleTimeoutMs = Number(uploadIdle);

  const importConcurrency = optional(env, 'IMPORT_CONCURRENCY') ?? '2';
  if (!/^\d{1,2}$/.test(importConcurrency) || Number(importConcurrency) < 1 || Number(importConcurrency) > 16) {
    fail('IMPORT_CONCURRENCY', 'must be a whole number from 1 to 16');
  }
  config.importConcurrency = Number(importConcurrency);

  const adminUsername = optional(env, 'BOOTSTRAP_ADMIN_USERNAME') ?? 'admin';
  if (!/^[A-Za-z0-9._-]{3,64}$/.test(adminUsername)) {
    fail('BOOTSTRAP_ADMIN_USERNAME', 'must be 3 to 64 letters, digits, dots, dashes or underscores');
  }
  config.bootstrapAdminUsername = adminUsername.toLowerCase();
  const adminPassword = env.BOOTSTRAP_ADMIN_PASSWORD;
  if (adminPassword !== undefined && adminPassword !== '' && [...adminPassword].length < 12) {
    fail('BOOTSTRAP_ADMIN_PASSWORD', 'must be at least 12 characters');
  }
  config.bootstrapAdminPassword = adminPassword || undefined;

  return config;
}
