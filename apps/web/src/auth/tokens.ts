/**
 * Where the session's tokens live. The access token is kept in memory only;
 * the refresh token in `sessionStorage`, so a reload keeps the session and
 * closing the tab ends it. Nothing personal is stored in the browser: no
 * names, no client data, and nothing in `localStorage` but the language.
 */
const REFRESH_KEY = 'tongban.refresh';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

type Listener = () => void;

let access: string | null = null;
let inFlight: Promise<boolean> | null = null;
const endedListeners = new Set<Listener>();

export const tokens = {
  accessToken(): string | null {
    return access;
  },
  canRefresh(): boolean {
    return sessionStorage.getItem(REFRESH_KEY) !== null;
  },
  store(pair: TokenPair): void {
    access = pair.accessToken;
    sessionStorage.setItem(REFRESH_KEY, pair.refreshToken);
  },
  refreshToken(): string | null {
    return sessionStorage.getItem(REFRESH_KEY);
  },
  clear(): void {
    access = null;
    sessionStorage.removeItem(REFRESH_KEY);
  },
  /** Trades the refresh token for a new pair, once for any number of concurrent callers. */
  refresh(): Promise<boolean> {
    inFlight ??= exchange().finally(() => {
      inFlight = null;
    });
    return inFlight;
  },
  /** Called when the session ends without the user asking (refresh refused). */
  onEnded(listener: Listener): () => void {
    endedListeners.add(listener);
    return () => endedListeners.delete(listener);
  },
};

async function exchange(): Promise<boolean> {
  const refreshToken = sessionStorage.getItem(REFRESH_KEY);
  if (!refreshToken) return false;
  const response = await fetch('/api/v1/auth/refresh', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  }).catch(() => null);
  if (!response?.ok) {
    if (response) {
      tokens.clear();
      endedListeners.forEach((listener) => listener());
    }
    return false;
  }
  tokens.store((await response.json()) as TokenPair);
  return true;
}
