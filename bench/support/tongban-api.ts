const REQUEST_TIMEOUT_MS = 30_000;

/** A signed-in user of the Tongban API. */
export interface Session {
  token: string;
  user: { id: string; role: string; clinicId: string | null };
}

const signIns = new Map<string, Promise<Session>>();

/** Just enough of an HTTP client for the data generator: JSON in, JSON out, the expected status or an error. */
export class TongbanApi {
  constructor(readonly base: string) {}

  /**
   * Signs in. An account whose password someone else set (the first admin,
   * every account the generator creates) must change it at the first
   * sign-in: the benchmark keeps the given one by changing it to a detour and
   * back. Sign-ins of one account run one at a time, since a password change
   * ends the account's other sessions.
   */
  login(username: string, password: string): Promise<Session> {
    const key = `${this.base} ${username.trim().toLowerCase()}`;
    const next = (signIns.get(key) ?? Promise.resolve()).catch(() => undefined).then(() => this.loginNow(username, password));
    signIns.set(key, next);
    return next;
  }

  private async loginNow(username: string, password: string): Promise<Session> {
    const body = await this.call<{ accessToken: string; user: Session['user'] & { mustChangePassword?: boolean } }>(
      'POST',
      '/api/v1/auth/login',
      200,
      undefined,
      { username, password },
    );
    const session: Session = { token: body.accessToken, user: { id: body.user.id, role: body.user.role, clinicId: body.user.clinicId } };
    if (body.user.mustChangePassword) {
      const detour = `${password} (changed at first sign-in)`;
      await this.call('POST', '/api/v1/auth/password', 204, session, { currentPassword: password, newPassword: detour });
      await this.call('POST', '/api/v1/auth/password', 204, session, { currentPassword: detour, newPassword: password });
    }
    return session;
  }

  post<T>(session: Session, path: string, body: unknown, expected = 201): Promise<T> {
    return this.call<T>('POST', `/api/v1${path}`, expected, session, body);
  }

  /** A CSV upload (text/csv), answered 200. */
  postCsv<T>(session: Session, path: string, csv: string, timeoutMs = REQUEST_TIMEOUT_MS): Promise<T> {
    return this.call<T>('POST', `/api/v1${path}`, 200, session, csv, timeoutMs, 'text/csv');
  }

  get<T>(session: Session, path: string, timeoutMs = REQUEST_TIMEOUT_MS): Promise<T> {
    return this.call<T>('GET', `/api/v1${path}`, 200, session, undefined, timeoutMs);
  }

  private async call<T>(
    method: string,
    path: string,
    expected: number,
    session: Session | undefined,
    body: unknown,
    timeoutMs = REQUEST_TIMEOUT_MS,
    contentType = 'application/json',
  ): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = contentType;
    if (session) headers.authorization = `Bearer ${session.token}`;
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    if (res.status !== expected) throw new Error(`${method} ${path}: expected ${expected}, got ${res.status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : null) as T;
  }
}

/**
 * Runs `work` for each item with at most `limit` at a time, in order of the
 * items; stops at the first error, or when `deadlineMs` has passed.
 */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  deadlineMs: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failed) {
      if (Date.now() > deadline) throw new Error(`gave up after ${deadlineMs} ms with ${items.length - next} of ${items.length} left`);
      const index = next++;
      await work(items[index], index);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, () =>
      worker().catch((error: unknown) => {
        failed = true;
        throw error;
      }),
    ),
  );
}
