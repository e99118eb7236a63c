import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Failed logins per username (keyed by a hash of it), for the 429 after repeated failures. */
@Entity('login_throttle')
export class LoginThrottle {
  @PrimaryColumn({ type: 'char', length: 64 })
  key!: string;

  @Column({ type: 'int' })
  failures!: number;

  @Column({ type: 'timestamptz' })
  windowStartedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;
}
