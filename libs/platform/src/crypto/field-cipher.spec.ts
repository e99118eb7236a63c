import { AppConfig, parseEncryptionKeys } from '../config/app-config';
import { FieldCipher } from './field-cipher';

function configWith(keys: string): AppConfig {
  const config = new AppConfig();
  config.dataEncryptionKeys = parseEncryptionKeys(keys);
  config.currentKeyId = [...config.dataEncryptionKeys.keys()][0];
  return config;
}

const k1 = Buffer.alloc(32, 1).toString('base64');
const k2 = Buffer.alloc(32, 2).toString('base64');

describe('FieldCipher', () => {
  it('seals and opens a value; the sealed form reveals nothing of it', () => {
    const cipher = new FieldCipher(configWith(`k1:${k1}`));
    const sealed = cipher.seal('张伟 13800138000');
    expect(sealed).not.toContain('张伟');
    expect(sealed).not.toContain('13800138000');
    expect(cipher.open(sealed)).toBe('张伟 13800138000');
    expect(cipher.seal('same')).not.toBe(cipher.seal('same'));
  });

  it('refuses a tampered value', () => {
    const cipher = new FieldCipher(configWith(`k1:${k1}`));
    const parts = cipher.seal('value').split('.');
    parts[4] = Buffer.from('other').toString('base64url');
    expect(() => cipher.open(parts.join('.'))).toThrow();
  });

  it('refuses a tampered value also after opening the original, and opens the original again alike', () => {
    const cipher = new FieldCipher(configWith(`k1:${k1}`));
    const sealed = cipher.seal('王芳');
    expect(cipher.open(sealed)).toBe('王芳');
    const parts = sealed.split('.');
    parts[3] = Buffer.alloc(16).toString('base64url');
    expect(() => cipher.open(parts.join('.'))).toThrow();
    expect(cipher.open(sealed)).toBe('王芳');
  });

  it('keeps opened names for the next read, never a photo-sized value', () => {
    const cipher = new FieldCipher(configWith(`k1:${k1}`));
    // What the cipher holds in memory: the one place this test looks inside it.
    const kept = (): number => (cipher as unknown as { opened: Map<string, string> }).opened.size;
    const name = cipher.seal('李娜');
    const photo = cipher.seal(Buffer.alloc(2 * 1024 * 1024, 7).toString('base64'));
    expect(cipher.open(name)).toBe('李娜');
    expect(cipher.open(photo)).toHaveLength(Buffer.alloc(2 * 1024 * 1024).toString('base64').length);
    expect(cipher.open(photo)).toHaveLength(Buffer.alloc(2 * 1024 * 1024).toString('base64').length);
    expect(kept()).toBe(1);
  });

  it('opens values of an older key after rotation and seals new ones with the current key', () => {
    const before = new FieldCipher(configWith(`k1:${k1}`));
    const old = before.seal('李娜');
    const after = new FieldCipher(configWith(`k2:${k2},k1:${k1}`));
    expect(after.open(old)).toBe('李娜');
    expect(after.keyIdOf(after.seal('李娜'))).toBe('k2');
  });

  it('searches blind indexes under every configured key while keys rotate', () => {
    const before = new FieldCipher(configWith(`k1:${k1}`));
    const after = new FieldCipher(configWith(`k2:${k2},k1:${k1}`));
    const stored = before.blindIndex('name:张伟');
    expect(after.blindIndexesForSearch('name:张伟')).toContain(stored);
    expect(after.blindIndex('name:张伟')).not.toBe(stored);
  });
});
