import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, ok, requestsSettled, type Schemas } from '../api/client';
import { tokens } from './tokens';

/** The signed-in user as `GET /auth/me` answers: with the permissions of their role. */
export type User = Schemas['CurrentUserDto'];
export type Role = User['role'];
export type Permission = Schemas['Permission'];

/**
 * Whether the user's role holds `permission`, as the server said in
 * `/auth/me`: the app keeps no table of its own. A screen or an action shows
 * only to those who hold the permission its route declares; the API still
 * decides each record (clinic, care team, consent).
 */
export function can(user: User, permission: Permission): boolean {
  return user.permissions.includes(permission);
}

/** Minutes without a key press, click, touch or scroll after which the session ends. */
export const IDLE_MINUTES = 15;
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;

export type SignOutReason = 'user' | 'idle' | 'ended';

interface Session {
  user: User | null;
  /** Why the last session ended, shown on the sign-in page. */
  endedBecause: SignOutReason | null;
  signIn: (username: string, password: string) => Promise<void>;
  signOut: (reason?: SignOutReason) => Promise<void>;
  /** Reads the user again from `/auth/me` (after they changed their own password). */
  refreshUser: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user; only for screens behind the sign-in. */
export function useUser(): User {
  const { user } = useSession();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
}

/**
 * The session: signing in and out, and keeping it across a reload. `prepare` is what the first screen needs before the
 * signed-in app is shown (its code), awaited after `/auth/me` answers.
 */
export function SessionProvider({ children, prepare }: { children: ReactNode; prepare?: (user: User) => Promise<void> }) {
  const queryClient = useQueryClient();
  const [user, setUser] = useState<User | null>(null);
  const [restoring, setRestoring] = useState(tokens.canRefresh());
  const [endedBecause, setEndedBecause] = useState<SignOutReason | null>(null);

  const end = useCallback(
    (reason: SignOutReason) => {
      tokens.clear();
      queryClient.clear();
      setUser(null);
      setEndedBecause(reason === 'user' ? null : reason);
    },
    [queryClient],
  );

  const signOut = useCallback(
    async (reason: SignOutReason = 'user') => {
      // End locally first, so no request goes out with a token the server is about to revoke.
      const refreshToken = tokens.refreshToken();
      const accessToken = tokens.accessToken();
      end(reason);
      // A request sent just before must not meet a revoked session (its 401 would read as an error).
      await requestsSettled();
      if (refreshToken && accessToken) {
        await api
          .POST('/api/v1/auth/logout', { body: { refreshToken }, headers: { Authorization: `Bearer ${accessToken}` } })
          .catch(() => undefined);
      }
    },
    [end],
  );

  const signIn = useCallback(
    async (username: string, password: string) => {
      const pair = await ok(api.POST('/api/v1/auth/login', { body: { username, password } }));
      tokens.store(pair);
      // The user with their permissions: /auth/me, the same as after a reload.
      const me = await ok(api.GET('/api/v1/auth/me')).catch((error: unknown) => {
        tokens.clear();
        throw error;
      });
      await prepare?.(me);
      setEndedBecause(null);
      setUser(me);
    },
    [prepare],
  );

  const refreshUser = useCallback(async () => {
    setUser(await ok(api.GET('/api/v1/auth/me')));
  }, []);

  // A reload keeps the session: trade the stored refresh token for a new pair.
  useEffect(() => {
    if (!restoring) return;
    void (async () => {
      if (await tokens.refresh()) {
        const me = await ok(api.GET('/api/v1/auth/me')).catch(() => null);
        if (me) await prepare?.(me);
        setUser(me);
      }
      setRestoring(false);
    })();
  }, [restoring, prepare]);

  useEffect(() => tokens.onEnded(() => end('ended')), [end]);
  useIdleSignOut(user !== null, signOut);

  const value = useMemo(() => ({ user, endedBecause, signIn, signOut, refreshUser }), [user, endedBecause, signIn, signOut, refreshUser]);
  if (restoring) return null;
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** Signs out after {@link IDLE_MINUTES} without activity. */
function useIdleSignOut(active: boolean, signOut: (reason: SignOutReason) => Promise<void>): void {
  const lastActivity = useRef(Date.now());
  useEffect(() => {
    if (!active) return;
    lastActivity.current = Date.now();
    const touch = () => {
      lastActivity.current = Date.now();
    };
    ACTIVITY_EVENTS.forEach((event) => window.addEventListener(event, touch, { passive: true, capture: true }));
    const timer = window.setInterval(() => {
      if (Date.now() - lastActivity.current >= IDLE_MINUTES * 60_000) void signOut('idle');
    }, 15_000);
    return () => {
      window.clearInterval(timer);
      ACTIVITY_EVENTS.forEach((event) => window.removeEventListener(event, touch, { capture: true }));
    };
  }, [active, signOut]);
}
