const REQUEST_TIMEOUT_MS = 30_000;

/** A signed-in user of the Tongban API. */
export interface Session {
  token: string;
  user: { id: string; role: string; clinicId: string | null };
}

/** Just enough of an HTTP client for the data generator: JSON in, JSON out, the expected status or an error. */
export class TongbanApi {
  constructor(readonly base: string) {}

  async login(username: string, password: string): Promise<Session> {
    const body = await this.call<{ accessToken: string; user: Session['user'] }>('POST', '/api/v1/auth/login', 200, undefined, {
      username,
      password,
    });
    return { token: body.accessToken, user: body.user };
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
