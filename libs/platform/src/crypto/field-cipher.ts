import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

const VERSION = 'v1';
const IV_BYTES = 12;
/** How many opened values {@link FieldCipher.open} keeps (a few fields of every client of a large clinic). */
const OPENED_KEPT = 100_000;
/** Only short values are kept (names, phone numbers, notes); a photo or a long text is opened each time it is read. */
const KEPT_UP_TO = 1024;

/** A personal value as stored: `v1.<keyId>.<iv>.<tag>.<ciphertext>`, base64url parts. */
export type Sealed = string;

/**
 * Application-level encryption of personal fields (AES-256-GCM). Each value
 * names the key that sealed it, so keys rotate: new values use the current
 * key, every configured key still opens old ones, and `npm run keys:rotate`
 * re-seals everything under the current key.
 *
 * Exact-match search uses blind indexes: keyed HMACs of normalized values,
 * with a search key derived from each data key (so they rotate together).
 */
@Injectable()
export class FieldCipher {
  private readonly searchKeys: ReadonlyMap<string, Buffer>;
  /**
   * Values opened lately, by their sealed form. A sealed value names its key
   * and carries its own IV and tag, so it always opens to the same text: the
   * lists that show hundreds of names on every read (the dispensing window)
   * open each only once. The oldest go first beyond {@link OPENED_KEPT};
   * values longer than {@link KEPT_UP_TO} (a photo) are never kept.
   */
  private readonly opened = new Map<Sealed, string>();

  constructor(private readonly config: AppConfig) {
    this.searchKeys = new Map(
      [...config.dataEncryptionKeys].map(([id, key]) => [
        id,
        Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'tongban blind index', 32)),
      ]),
    );
  }

  get currentKeyId(): string {
    return this.config.currentKeyId;
  }

  seal(plaintext: string): Sealed {
    const keyId = this.config.currentKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key(keyId), iv);
    cipher.setAAD(Buffer.from(`${VERSION}.${keyId}`));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, keyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join(
      '.',
    );
  }

  sealOptional(plaintext: string | null | undefined): Sealed | null {
    return plaintext === null || plaintext === undefined ? null : this.seal(plaintext);
  }

  open(sealed: Sealed): string {
    const known = this.opened.get(sealed);
    if (known !== undefined) return known;
    const plaintext = this.decrypt(sealed);
    if (sealed.length > KEPT_UP_TO) return plaintext;
    if (this.opened.size >= OPENED_KEPT) this.opened.delete(this.opened.keys().next().value!);
    this.opened.set(sealed, plaintext);
    return plaintext;
  }

  private decrypt(sealed: Sealed): string {
    const [version, keyId, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || ciphertext === undefined) throw new Error('Unreadable sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.key(keyId), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(`${VERSION}.${keyId}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }

  openOptional(sealed: Sealed | null | undefined): string | null {
    return sealed === null || sealed === undefined ? null : this.open(sealed);
  }

  /** The key id a sealed value was made with. */
  keyIdOf(sealed: Sealed): string {
    return sealed.split('.')[1];
  }

  /** Blind index of a normalized value under the current key: what to store. */
  blindIndex(normalized: string): string {
    return this.hmac(this.config.currentKeyId, normalized);
  }

  /** Blind indexes under every configured key: what to search for while keys rotate. */
  blindIndexesForSearch(normalized: string): string[] {
    return [...this.searchKeys.keys()].map((keyId) => this.hmac(keyId, normalized));
  }

  private hmac(keyId: string, normalized: string): string {
    const key = this.searchKeys.get(keyId);
    if (!key) throw new Error(`Unknown key id ${keyId}`);
    return createHmac('sha256', key).update(normalized, 'utf8').digest('hex');
  }

  private key(keyId: string): Buffer {
    const key = this.config.dataEncryptionKeys.get(keyId);
    if (!key) throw new Error(`Data encryption key ${keyId} is not configured`);
    return key;
  }
}
