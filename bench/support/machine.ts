import { readdirSync, readFileSync } from 'node:fs';
import { Client } from 'pg';

/** CPU in ticks (USER_HZ) since boot: the whole machine, and per process. */
interface CpuSnapshot {
  busy: number;
  total: number;
  processes: Map<number, { comm: string; ticks: number; ppid: number }>;
}

function readCpu(): CpuSnapshot {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: idle and iowait are not busy.
  const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
  const busy = total - fields[3] - fields[4];
  const processes = new Map<number, { comm: string; ticks: number; ppid: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // the process ended meanwhile
    }
    processes.set(Number(entry), processStat(stat));
  }
  return { busy, total, processes };
}

/** A line of `/proc/<pid>/stat`: the command, its parent and the CPU ticks it has used (user and system). */
function processStat(stat: string): { comm: string; ticks: number; ppid: number } {
  const close = stat.lastIndexOf(')');
  const rest = stat.slice(close + 2).split(' ');
  // After the command: state(3) ppid(4) ... utime(14) stime(15), counted from field 3.
  return { comm: stat.slice(stat.indexOf('(') + 1, close), ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) };
}

/** The CPU time (user and system, ms) a process has used so far; undefined where /proc has none of it. */
export function processCpuMs(pid: number): number | undefined {
  try {
    // Ticks are USER_HZ: 100 a second on Linux.
    return processStat(readFileSync(`/proc/${pid}/stat`, 'utf8')).ticks * 10;
  } catch {
    return undefined;
  }
}

/** Where the machine's CPU went during a run, in % of one core (the machine has 2 cores: 200%). */
export interface MachineUse {
  /** Everything. */
  total: number;
  /** The server under test (its process). */
  server: number;
  /** This process: the load generator. */
  load: number;
  /** All PostgreSQL processes (ours, and other people's databases on the same server). */
  postgres: number;
  /** Everything else: other people's work on this machine. */
  other: number;
  /** Commits in other databases of the same PostgreSQL server during the run: other people's tests. */
  otherCommits: number;
  /** Mean number of our database's sessions waiting for a lock (the audit chain head), sampled every 100 ms. */
  lockWaiting: number;
  /** Mean number of our database's sessions inside a transaction and waiting for the application's next statement. */
  idleInTransaction: number;
}

const SAMPLE_MS = 100;

/**
 * Watches the machine during a run: CPU by the server, the load generator,
 * PostgreSQL and everything else, and what our database sessions wait for.
 */
export class MachineMonitor {
  private before?: CpuSnapshot;
  private commitsBefore = 0;
  private samples = 0;
  private lockWaits = 0;
  private idleInTx = 0;
  private timer?: NodeJS.Timeout;
  private sampling?: Promise<void>;

  private constructor(
    private readonly db: Client,
    private readonly database: string,
  ) {}

  /** Connects to the benchmark's own database, so its queries are not counted as other people's. */
  static async connect(databaseUrl: string, database: string): Promise<MachineMonitor> {
    const db = new Client({ connectionString: databaseUrl, application_name: 'tongban-bench-monitor' });
    await db.connect();
    return new MachineMonitor(db, database);
  }

  /** Doses recorded so far: what each run wrote, against what it was answered. */
  async visits(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM dosing_visit');
    return rows[0].n;
  }

  /** PostgreSQL's version and the settings that bound a commit. */
  async postgres(): Promise<{ version: string; fsync: string; synchronousCommit: string; sharedBuffers: string }> {
    const { rows } = await this.db.query<{ version: string; fsync: string; sync: string; buffers: string }>(
      `SELECT current_setting('server_version') AS version, current_setting('fsync') AS fsync,
              current_setting('synchronous_commit') AS sync, current_setting('shared_buffers') AS buffers`,
    );
    return { version: rows[0].version, fsync: rows[0].fsync, synchronousCommit: rows[0].sync, sharedBuffers: rows[0].buffers };
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.db.end();
  }

  async start(): Promise<void> {
    this.before = readCpu();
    this.commitsBefore = await this.otherCommits();
    this.samples = 0;
    this.lockWaits = 0;
    this.idleInTx = 0;
    this.timer = setInterval(() => {
      if (this.sampling) return;
      this.sampling = this.sample().finally(() => (this.sampling = undefined));
    }, SAMPLE_MS);
  }

  async stop(serverPid: number): Promise<MachineUse> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.sampling;
    const after = readCpu();
    const before = this.before ?? after;
    const elapsed = after.total - before.total;
    const delta = (pid: number): number => (after.processes.get(pid)?.ticks ?? 0) - (before.processes.get(pid)?.ticks ?? 0);
    const percent = (ticks: number): number => (elapsed > 0 ? (200 * ticks) / elapsed : 0);
    let postgres = 0;
    for (const [pid, process] of after.processes) if (process.comm === 'postgres') postgres += delta(pid);
    const server = delta(serverPid);
    const load = delta(process.pid);
    const busy = after.busy - before.busy;
    return {
      total: percent(busy),
      server: percent(server),
      load: percent(load),
      postgres: percent(postgres),
      other: percent(Math.max(0, busy - server - load - postgres)),
      otherCommits: (await this.otherCommits()) - this.commitsBefore,
      lockWaiting: this.samples ? this.lockWaits / this.samples : 0,
      idleInTransaction: this.samples ? this.idleInTx / this.samples : 0,
    };
  }

  /** % of the machine (of 200%) busy over `ms`, before a run: is it quiet? */
  static async busyOver(ms: number): Promise<number> {
    const before = readCpu();
    await new Promise((resolve) => setTimeout(resolve, ms));
    const after = readCpu();
    return (200 * (after.busy - before.busy)) / Math.max(1, after.total - before.total);
  }

  private async sample(): Promise<void> {
    const { rows } = await this.db.query<{ lock: number; idle: number }>(
      `SELECT count(*) FILTER (WHERE wait_event_type = 'Lock')::int AS lock,
              count(*) FILTER (WHERE state LIKE 'idle in transaction%')::int AS idle
       FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [this.database],
    );
    this.samples += 1;
    this.lockWaits += rows[0].lock;
    this.idleInTx += rows[0].idle;
  }

  private async otherCommits(): Promise<number> {
    const { rows } = await this.db.query<{ commits: string }>(
      `SELECT coalesce(sum(xact_commit), 0)::text AS commits FROM pg_stat_database WHERE datname IS NOT NULL AND datname <> $1`,
      [this.database],
    );
    return Number(rows[0].commits);
  }
}
