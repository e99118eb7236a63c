import { Check, Column, Entity, Index } from 'typeorm';
import { ClientRecord } from './client-record';

export const PHOTO_TYPES = ['image/jpeg', 'image/png'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

/**
 * A client's photo, which the nurse checks the person at the window against:
 * at most one per client, the image sealed like every personal field (its
 * bytes as base64, then FieldCipher), so key rotation re-seals it too.
 */
@Entity('client_photo')
@Check('CHK_client_photo_type', `"content_type" IN ('image/jpeg', 'image/png')`)
@Index('UQ_client_photo_client', ['clientId'], { unique: true })
export class ClientPhoto extends ClientRecord {
  @Column({ type: 'varchar', length: 16 })
  contentType!: PhotoType;

  /** Sealed (encrypted) base64 of the image's bytes. */
  @Column({ type: 'text' })
  image!: string;

  /** The image's size in bytes (no personal data). */
  @Column({ type: 'int' })
  byteSize!: number;

  @Column({ type: 'uuid' })
  updatedBy!: string;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
