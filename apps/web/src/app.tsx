import { lazy, Suspense, type ReactNode } from 'react';
import { Center, Loader, MantineProvider, createTheme, type CSSVariablesResolver } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, matchPath, Navigate, Route, Routes } from 'react-router';
import { ApiError } from './api/api-error';
import { can, SessionProvider, useSession, type Permission, type User } from './auth/session';
import { SignInPage } from './features/sign-in/sign-in-page';
import { AppLayout } from './layout/app-layout';
import { homeFor } from './layout/navigation';
import { lazyScreen, type LazyScreen } from './ui/lazy-screen';

// Colours dark enough for WCAG AA contrast (checked by axe-core in the browser tests).
// Teal from shade 4 on is dark enough for white text and for text on light teal.
const theme = createTheme({
  colors: {
    teal: ['#e6fcf5', '#c3fae8', '#96f2d7', '#63e6be', '#087f5b', '#087f5b', '#087f5b', '#076b4c', '#065c41', '#054d37'],
  },
  primaryColor: 'teal',
  primaryShade: 6,
  autoContrast: true,
  luminanceThreshold: 0.4,
  fontFamily: 'system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif',
});

const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  // Placeholders too: a file field's placeholder is text in the page, which axe-core measures.
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
  },
  dark: {},
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // 4xx answers (not found, forbidden) do not get better by asking again.
      retry: (failures, error) => failures < 2 && !(error instanceof ApiError && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

/** A screen behind the sign-in (see {@link SCREENS}). */
interface Screen {
  path: string;
  permission: Permission;
  screen: LazyScreen;
}

/** A row of {@link SCREENS}. */
const screen = (path: string, permission: Permission, load: Parameters<typeof lazyScreen>[0]): Screen => ({
  path,
  permission,
  screen: lazyScreen(load),
});

/**
 * The screens behind the sign-in: the address, what the screen needs (a permission from `/auth/me`) and its code,
 * loaded when first opened, so the first page stays small.
 */
const SCREENS: Screen[] = [
  screen('today', 'worklist.read', () => import('./features/worklist/worklist-page')),
  screen('dosing', 'dosing.today', () => import('./features/dosing-window/dosing-window-page')),
  screen('dosing/day-sheet', 'dosing.day_sheet', () => import('./features/dosing-window/day-sheet-page')),
  screen('clients', 'episode.read', () => import('./features/clients/caseload-page')),
  screen('clients/:clientId', 'episode.read', () => import('./features/clients/client-page')),
  screen('groups', 'attendance.record', () => import('./features/groups/groups-page')),
  screen('groups/:groupId/meetings/:meetingId', 'attendance.record', () => import('./features/groups/meeting-page')),
  screen('dashboard', 'report.read', () => import('./features/coordinator/dashboard-page')),
  screen('reports/retention', 'report.read', () => import('./features/coordinator/retention-page')),
  screen('reports/attendance', 'report.read', () => import('./features/coordinator/attendance-report-page')),
  screen('reports/dosing', 'report.read', () => import('./features/coordinator/dosing-report-page')),
  screen('reports/drug-tests', 'report.read', () => import('./features/drug-tests/drug-test-report-page')),
  screen('reports/research', 'research.export', () => import('./features/research-export/research-export-page')),
  screen('access', 'access_log.read', () => import('./features/coordinator/access-page')),
  screen('reminders', 'reminder.read', () => import('./features/coordinator/reminders-page')),
  screen('transfers', 'transfer.decide', () => import('./features/transfers/transfers-page')),
  screen('dosing/import', 'dosing.import', () => import('./features/dosing-import/import-page')),
  screen('admin/clinics', 'clinic.create', () => import('./features/admin/clinics-page')),
  screen('admin/staff', 'staff.create', () => import('./features/admin/staff-page')),
  screen('sms-templates', 'clinic.settings.update', () => import('./features/sms-templates/sms-templates-page')),
  screen('notifications', 'notification.read', () => import('./features/notifications/notifications-page')),
];

// Loaded when needed: a password someone else set must be changed before anything else.
const ForcedPasswordPage = lazy(() => import('./features/account/forced-password-page'));

/**
 * Loads the code of the screen the address opens for this user (`/` opens their home) before the signed-in app is
 * first shown, so that it shows without a loader in between (see lazyScreen).
 */
function preloadScreenAt(pathname: string, user: User): Promise<void> {
  const path = pathname === '/' ? (homeFor(user) ?? pathname) : pathname;
  const found = SCREENS.find((screen) => matchPath(`/${screen.path}`, path) !== null);
  return found && can(user, found.permission) ? found.screen.preload() : Promise.resolve();
}

/** How long a sign-in or a reload waits for the first screen's code: past it, the screen shows its loader meanwhile. */
const FIRST_SCREEN_WAIT_MS = 1500;

const preloadFirstScreen = (user: User) =>
  Promise.race([
    preloadScreenAt(window.location.pathname, user),
    new Promise<void>((resolve) => window.setTimeout(resolve, FIRST_SCREEN_WAIT_MS)),
  ]);

/** A screen for those who hold the permission its main route needs (from `/auth/me`); others go home. */
function Only({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { user } = useSession();
  if (!user) return <Navigate to="/" replace />;
  return can(user, permission) ? children : <Navigate to="/" replace />;
}

function AppRoutes() {
  const { user } = useSession();
  if (!user) return <SignInPage />;
  // A password someone else set: nothing else is reachable until the user has chosen their own.
  if (user.mustChangePassword) {
    return (
      <Suspense fallback={null}>
        <ForcedPasswordPage />
      </Suspense>
    );
  }
  const home = homeFor(user);
  return (
    <Suspense
      fallback={
        <Center h="50vh" data-testid="screen-loading">
          <Loader />
        </Center>
      }
    >
      <Routes>
        <Route element={<AppLayout />}>
          <Route index element={home ? <Navigate to={home} replace /> : null} />
          {SCREENS.map(({ path, permission, screen: Screen }) => (
            <Route
              key={path}
              path={path}
              element={
                <Only permission={permission}>
                  <Screen />
                </Only>
              }
            />
          ))}
          <Route path="*" element={<Navigate to={home ?? '/'} replace />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <SessionProvider prepare={preloadFirstScreen}>
            <AppRoutes />
          </SessionProvider>
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
