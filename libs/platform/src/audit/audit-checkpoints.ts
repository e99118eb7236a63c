import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { AuditRepository } from './audit.repository';

/** One chain head as it was at a moment, signed: a line of a checkpoint file. */
export interface Checkpoint {
  v: 1;
  at: string;
  chain: string;
  seq: string;
  hash: string;
  mac: string;
}

/** What the checkpoints say of a chain in the database. */
export type CheckpointVerdict =
  | { ok: true; checkpoint: Checkpoint | null }
  | { ok: false; reason: 'forged_checkpoint' | 'tail_missing' | 'head_rewritten'; checkpoint: Checkpoint };

const FILE = /^checkpoints-\d{4}-\d{2}-\d{2}\.jsonl$/;

/**
 * Anchors the audit chains outside the database (issue: whoever can write
 * the database can cut a chain's tail and rewrite its head, which the chain
 * alone cannot notice). At an interval, each chain's head (seq, hash) is
 * appended, with an HMAC under a key derived from `JWT_SECRET`, to a file of
 * the day in `AUDIT_CHECKPOINT_DIR` (default `DATA_DIR/audit-checkpoints`), a
 * place the database's users cannot write: in production an append-only
 * volume or object store (docs/operations.md). `verify` then requires every
 * chain to still hold the event each latest checkpoint names.
 *
 * Events newer than the last checkpoint (at most one interval) are anchored
 * only by the chain itself. Several API replicas may share the directory:
 * each appends whole lines.
 */
@Injectable()
export class AuditCheckpoints implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditCheckpoints.name);
  private readonly key: Buffer;
  private timer: NodeJS.Timeout | undefined;
  /** The head last written by this process, per chain, with the day's file: an unchanged head is not written again that day. */
  private readonly written = new Map<string, string>();

  constructor(
    private readonly config: AppConfig,
    private readonly audit: AuditRepository,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', config.jwtSecret, 'tongban', 'audit-checkpoint', 32));
  }

  get directory(): string {
    return this.config.auditCheckpointDir;
  }

  onApplicationBootstrap(): void {
    if (this.config.auditCheckpointEveryMs <= 0) return;
    this.timer = setInterval(() => {
      this.writeNow().catch((error: unknown) => this.logger.warn(`audit checkpoint not written: ${(error as Error).message}`));
    }, this.config.auditCheckpointEveryMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.writeNow().catch(() => undefined);
  }

  /** Appends the current head of every chain that moved since this process last wrote it. */
  async writeNow(): Promise<number> {
    const heads = await this.audit.chains();
    const lines: string[] = [];
    const at = new Date().toISOString();
    for (const { chain, seq: storedSeq, hash } of heads) {
      // bigint columns read back as strings from PostgreSQL, as numbers from PGlite.
      const seq = String(storedSeq);
      // Each day's file starts with every chain's head, so the newest files alone name every chain.
      const value = `${at.slice(0, 10)}:${seq}:${hash}`;
      if (this.written.get(chain) === value) continue;
      lines.push(JSON.stringify(this.sign({ v: 1, at, chain, seq, hash })));
      this.written.set(chain, value);
    }
    if (lines.length === 0) return 0;
    mkdirSync(this.directory, { recursive: true, mode: 0o700 });
    appendFileSync(join(this.directory, `checkpoints-${at.slice(0, 10)}.jsonl`), `${lines.join('\n')}\n`, { mode: 0o600 });
    return lines.length;
  }

  /**
   * The latest checkpoint of each chain, from the two newest files (each
   * day's file names every chain's head at its first write), signed or not:
   * the caller checks. `chains` limits it to those chains.
   */
  latest(chains?: string[]): Map<string, Checkpoint> {
    const found = new Map<string, Checkpoint>();
    if (!existsSync(this.directory)) return found;
    const wanted = chains ? new Set(chains) : undefined;
    const files = readdirSync(this.directory)
      .filter((name) => FILE.test(name))
      .sort()
      .slice(-2)
      .reverse();
    for (const file of files) {
      const lines = readFileSync(join(this.directory, file), 'utf8').split('\n').reverse();
      for (const line of lines) {
        const checkpoint = parse(line);
        if (!checkpoint || (wanted && !wanted.has(checkpoint.chain)) || found.has(checkpoint.chain)) continue;
        found.set(checkpoint.chain, checkpoint);
      }
    }
    return found;
  }

  /**
   * Judges a chain as the database holds it (its head, and the hash of its
   * event at a sequence number) against its latest checkpoint.
   */
  async judge(chain: string, head: { seq: string } | undefined, checkpoint: Checkpoint | undefined): Promise<CheckpointVerdict> {
    if (!checkpoint) return { ok: true, checkpoint: null };
    if (!this.signedHere(checkpoint)) return { ok: false, reason: 'forged_checkpoint', checkpoint };
    if (!head || BigInt(String(head.seq)) < BigInt(checkpoint.seq)) return { ok: false, reason: 'tail_missing', checkpoint };
    const hash = await this.audit.hashAt(chain, checkpoint.seq);
    if (hash !== checkpoint.hash) return { ok: false, reason: 'head_rewritten', checkpoint };
    return { ok: true, checkpoint };
  }

  private sign(fields: Omit<Checkpoint, 'mac'>): Checkpoint {
    return { ...fields, mac: this.mac(fields) };
  }

  private signedHere(checkpoint: Checkpoint): boolean {
    const { mac, ...fields } = checkpoint;
    const expected = Buffer.from(this.mac(fields), 'hex');
    const given = Buffer.from(typeof mac === 'string' ? mac : '', 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private mac(fields: Omit<Checkpoint, 'mac'>): string {
    return createHmac('sha256', this.key).update(`${fields.v}|${fields.at}|${fields.chain}|${fields.seq}|${fields.hash}`).digest('hex');
  }
}

function parse(line: string): Checkpoint | null {
  if (!line.trim()) return null;
  try {
    const value = JSON.parse(line) as Partial<Checkpoint>;
    if (value.v !== 1 || typeof value.chain !== 'string' || typeof value.seq !== 'string' || !/^\d+$/.test(value.seq)) return null;
    if (typeof value.hash !== 'string' || typeof value.at !== 'string' || typeof value.mac !== 'string') return null;
    return value as Checkpoint;
  } catch {
    return null;
  }
}
