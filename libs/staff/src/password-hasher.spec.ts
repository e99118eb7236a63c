import { loadConfig } from '@tongban/platform';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PasswordHasher } from './password-hasher';

const hasher = (env: Record<string, string>) =>
  new PasswordHasher(loadConfig({ NODE_ENV: 'test', DATA_DIR: mkdtempSync(join(tmpdir(), 'tongban-hasher-')), ...env }));

describe('PasswordHasher', () => {
  it("hashes with OWASP's argon2id parameters unless told otherwise", async () => {
    const hash = await hasher({}).hash('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
  });

  it('hashes at the least cost with TONGBAN_PASSWORD_HASH_COST=minimal, and either kind verifies under the other', async () => {
    const minimal = hasher({ TONGBAN_PASSWORD_HASH_COST: 'minimal' });
    const standard = hasher({});
    const cheap = await minimal.hash('secret one');
    expect(cheap).toMatch(/^\$argon2id\$v=19\$m=1024,p=1,t=1\$/);
    expect(await standard.verify(cheap, 'secret one')).toBe(true);
    expect(await minimal.verify(await standard.hash('secret two'), 'secret two')).toBe(true);
    expect(await minimal.verify(cheap, 'secret two')).toBe(false);
    expect(await minimal.verify(undefined, 'secret one')).toBe(false);
  });
});
