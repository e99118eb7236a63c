import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseEncryptionKeys } from './app-config';

describe('loadConfig', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tongban-config-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('uses the documented defaults', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config).toMatchObject({
      port: 3000,
      nodeEnv: 'development',
      databaseUrl: undefined,
      redisUrl: undefined,
      bootstrapAdminUsername: 'admin',
      apiDocsPublic: true,
      databaseStatementTimeoutMs: 10000,
      uploadIdleTimeoutMs: 30000,
      importConcurrency: 2,
    });
  });

  it('generates secrets once into DATA_DIR, private to the owner, and reuses them', () => {
    const first = loadConfig({ DATA_DIR: dataDir });
    const file = join(dataDir, 'secrets.json');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(second.dataEncryptionKeys.get('k1')).toEqual(first.dataEncryptionKeys.get('k1'));
    expect(readFileSync(file, 'utf8')).toContain(first.jwtSecret);
  });

  it('requires JWT_SECRET and DATA_ENCRYPTION_KEY in production and generates nothing', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir })).toThrow(
      new ConfigError('Invalid configuration: JWT_SECRET is required when NODE_ENV=production'),
    );
    expect(existsSync(join(dataDir, 'secrets.json'))).toBe(false);
    const config = loadConfig({
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      JWT_SECRET: 'abcdefghijklmnopqrstuvwxyz012345',
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    });
    expect(config.currentKeyId).toBe('k1');
  });

  it('creates DATA_DIR private to the owner (0700) when it generates the secrets into it', () => {
    const fresh = join(dataDir, 'new', 'data');
    loadConfig({ DATA_DIR: fresh });
    expect(statSync(fresh).mode & 0o777).toBe(0o700);
    expect(statSync(join(fresh, 'secrets.json')).mode & 0o777).toBe(0o600);
  });

  it.each(['a'.repeat(32), 'abab'.repeat(8), 'password'.repeat(4), '0123456789abcde'.repeat(3)])(
    'refuses a production JWT_SECRET with fewer than 16 different characters (%s), in one line',
    (secret) => {
      expect(() =>
        loadConfig({
          NODE_ENV: 'production',
          DATA_DIR: dataDir,
          JWT_SECRET: secret,
          DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
        }),
      ).toThrow(/^Invalid configuration: JWT_SECRET is too easy to guess [^\n]*$/);
    },
  );

  it('keeps /api/docs behind sign-in in production unless API_DOCS_PUBLIC=true', () => {
    const production = {
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      JWT_SECRET: 'abcdefghijklmnopqrstuvwxyz012345',
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    };
    expect(loadConfig(production).apiDocsPublic).toBe(false);
    expect(loadConfig({ ...production, API_DOCS_PUBLIC: 'true' }).apiDocsPublic).toBe(true);
    expect(loadConfig({ DATA_DIR: dataDir }).apiDocsPublic).toBe(true);
  });

  it.each([
    [{ API_DOCS_PUBLIC: 'yes' }, 'API_DOCS_PUBLIC'],
    [{ DATABASE_STATEMENT_TIMEOUT_MS: '10s' }, 'DATABASE_STATEMENT_TIMEOUT_MS'],
    [{ DATABASE_STATEMENT_TIMEOUT_MS: '5' }, 'DATABASE_STATEMENT_TIMEOUT_MS'],
    [{ UPLOAD_IDLE_TIMEOUT_MS: '30s' }, 'UPLOAD_IDLE_TIMEOUT_MS'],
    [{ UPLOAD_IDLE_TIMEOUT_MS: '50' }, 'UPLOAD_IDLE_TIMEOUT_MS'],
    [{ IMPORT_CONCURRENCY: '0' }, 'IMPORT_CONCURRENCY'],
    [{ IMPORT_CONCURRENCY: 'two' }, 'IMPORT_CONCURRENCY'],
    [{ PORT: '0' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ REDIS_URL: 'http://localhost:6379' }, 'REDIS_URL'],
    [{ SMTP_URL: 'not a url' }, 'SMTP_URL'],
    [{ SMS_GATEWAY_URL: 'ftp://gateway' }, 'SMS_GATEWAY_URL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ BOOTSTRAP_ADMIN_USERNAME: 'a b' }, 'BOOTSTRAP_ADMIN_USERNAME'],
    [{ TONGBAN_EMBEDDED_IMAGE: '/tmp/image.tar' }, 'TONGBAN_EMBEDDED_IMAGE'],
    [{ TONGBAN_PASSWORD_HASH_COST: 'minimal' }, 'TONGBAN_PASSWORD_HASH_COST'],
    [{ NODE_ENV: 'test', TONGBAN_PASSWORD_HASH_COST: 'low' }, 'TONGBAN_PASSWORD_HASH_COST'],
  ])('names the variable in one line for %j', (env, variable) => {
    let message = '';
    try {
      loadConfig({ DATA_DIR: dataDir, ...env });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toMatch(new RegExp(`^Invalid configuration: ${variable} `));
    expect(message).not.toContain('\n');
  });
});

describe('loadConfig: SMS provider', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tongban-config-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const messageOf = (env: Record<string, string>): string => {
    try {
      loadConfig({ DATA_DIR: dataDir, ...env });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('loadConfig accepted the environment');
  };

  it('uses the gateway unless told otherwise', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.smsProvider).toBe('gateway');
    expect(config.aliyunSms).toBeUndefined();
    expect(config.tencentSms).toBeUndefined();
    expect(messageOf({ SMS_PROVIDER: 'twilio' })).toBe('Invalid configuration: SMS_PROVIDER must be one of gateway, aliyun, tencent');
  });

  it('names every missing Aliyun variable on a line of its own', () => {
    expect(messageOf({ SMS_PROVIDER: 'aliyun' }).split('\n')).toEqual([
      'Invalid configuration: ALIYUN_SMS_ACCESS_KEY_ID is required when SMS_PROVIDER=aliyun',
      'Invalid configuration: ALIYUN_SMS_ACCESS_KEY_SECRET is required when SMS_PROVIDER=aliyun',
      'Invalid configuration: ALIYUN_SMS_SIGN_NAME is required when SMS_PROVIDER=aliyun',
    ]);
    expect(messageOf({ SMS_PROVIDER: 'aliyun', ALIYUN_SMS_ACCESS_KEY_ID: 'id', ALIYUN_SMS_SIGN_NAME: '平安' })).toBe(
      'Invalid configuration: ALIYUN_SMS_ACCESS_KEY_SECRET is required when SMS_PROVIDER=aliyun',
    );
  });

  it('names every missing Tencent Cloud variable on a line of its own', () => {
    expect(messageOf({ SMS_PROVIDER: 'tencent', TENCENT_SMS_SECRET_ID: 'id' }).split('\n')).toEqual([
      'Invalid configuration: TENCENT_SMS_SECRET_KEY is required when SMS_PROVIDER=tencent',
      'Invalid configuration: TENCENT_SMS_SDK_APP_ID is required when SMS_PROVIDER=tencent',
      'Invalid configuration: TENCENT_SMS_SIGN_NAME is required when SMS_PROVIDER=tencent',
    ]);
  });

  it('reads each provider with its default endpoint, or a host or URL given', () => {
    const aliyun = {
      SMS_PROVIDER: 'aliyun',
      ALIYUN_SMS_ACCESS_KEY_ID: 'id',
      ALIYUN_SMS_ACCESS_KEY_SECRET: 'secret',
      ALIYUN_SMS_SIGN_NAME: '平安',
    };
    expect(loadConfig({ DATA_DIR: dataDir, ...aliyun }).aliyunSms).toEqual({
      accessKeyId: 'id',
      accessKeySecret: 'secret',
      signName: '平安',
      endpoint: 'dysmsapi.aliyuncs.com',
    });
    expect(loadConfig({ DATA_DIR: dataDir, ...aliyun, ALIYUN_SMS_ENDPOINT: 'http://127.0.0.1:9000' }).aliyunSms?.endpoint).toBe(
      'http://127.0.0.1:9000',
    );
    expect(messageOf({ ...aliyun, ALIYUN_SMS_ENDPOINT: 'ftp://x' })).toBe(
      'Invalid configuration: ALIYUN_SMS_ENDPOINT must start with http:// or https://',
    );
    const tencent = {
      SMS_PROVIDER: 'tencent',
      TENCENT_SMS_SECRET_ID: 'id',
      TENCENT_SMS_SECRET_KEY: 'key',
      TENCENT_SMS_SDK_APP_ID: '1400000000',
      TENCENT_SMS_SIGN_NAME: '平安',
    };
    expect(loadConfig({ DATA_DIR: dataDir, ...tencent }).tencentSms).toEqual({
      secretId: 'id',
      secretKey: 'key',
      sdkAppId: '1400000000',
      signName: '平安',
      region: 'ap-guangzhou',
      endpoint: 'sms.tencentcloudapi.com',
    });
    expect(messageOf({ ...tencent, TENCENT_SMS_SDK_APP_ID: 'abc' })).toBe(
      'Invalid configuration: TENCENT_SMS_SDK_APP_ID must be the numeric SdkAppId',
    );
    expect(messageOf({ ...tencent, TENCENT_SMS_ENDPOINT: 'not a host' })).toBe(
      'Invalid configuration: TENCENT_SMS_ENDPOINT must be a host name or an http(s) URL',
    );
  });
});

describe('parseEncryptionKeys', () => {
  const key = (fill: number): string => Buffer.alloc(32, fill).toString('base64');

  it('reads one key as k1, or several with ids, the first being current', () => {
    expect([...parseEncryptionKeys(key(1)).keys()]).toEqual(['k1']);
    expect([...parseEncryptionKeys(`k2:${key(2)},k1:${key(1)}`).keys()]).toEqual(['k2', 'k1']);
  });

  it('refuses keys of the wrong length and repeated ids', () => {
    expect(() => parseEncryptionKeys(Buffer.alloc(16).toString('base64'))).toThrow(ConfigError);
    expect(() => parseEncryptionKeys(`k1:${key(1)},k1:${key(2)}`)).toThrow(/twice/);
  });
});
