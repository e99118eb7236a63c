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

/**
 * The screens behind the sign-in: the address, what the screen needs (a permission from `/auth/me`) and its code,
 * loaded when first opened, so the first page stays small.
 */
const SCREENS: Array<{ path: string; permission: Permission; screen: LazyScreen }> = [
  { path: 'today', permission: 'worklist.read', screen: lazyScreen(() => import('./features/worklist/worklist-page')) },
  { path: 'dosing', permission: 'dosing.today', screen: lazyScreen(() => import('./features/dosing-window/dosing-window-page')) },
  { path: 'dosing/day-sheet', permission: 'dosing.day_sheet', screen: lazyScreen(() => import('./features/dosing-window/day-sheet-page')) },
  { path: 'clients', permission: 'episode.read', screen: lazyScreen(() => import('./features/clients/caseload-page')) },
  { path: 'clients/:clientId', permission: 'episode.read', screen: lazyScreen(() => import('./features/clients/client-page')) },
  { path: 'groups', permission: 'attendance.record', screen: lazyScreen(() => import('./features/groups/groups-page')) },
  {
    path: 'groups/:groupId/meetings/:meetingId',
    permission: 'attendance.record',
    screen: lazyScreen(() => import('./features/groups/meeting-page')),
  },
  { path: 'dashboard', permission: 'report.read', screen: lazyScreen(() => import('./features/coordinator/dashboard-page')) },
  { path: 'reports/retention', permission: 'report.read', screen: lazyScreen(() => import('./features/coordinator/retention-page')) },
  {
    path: 'reports/attendance',
    permission: 'report.read',
    screen: lazyScreen(() => import('./features/coordinator/attendance-report-page')),
  },
  { path: 'reports/dosing', permission: 'report.read', screen: lazyScreen(() => import('./features/coordinator/dosing-report-page')) },
  {
    path: 'reports/drug-tests',
    permission: 'report.read',
    screen: lazyScreen(() => import('./features/drug-tests/drug-test-report-page')),
  },
  {
    path: 'reports/research',
    permission: 'research.export',
    screen: lazyScreen(() => import('./features/research-export/research-export-page')),
  },
  { path: 'access', permission: 'access_log.read', screen: lazyScreen(() => import('./features/coordinator/access-page')) },
  { path: 'reminders', permission: 'reminder.read', screen: lazyScreen(() => import('./features/coordinator/reminders-page')) },
  { path: 'transfers', permission: 'transfer.decide', screen: lazyScreen(() => import('./features/transfers/transfers-page')) },
  { path: 'dosing/import', permission: 'dosing.import', screen: lazyScreen(() => import('./features/dosing-import/import-page')) },
  { path: 'admin/clinics', permission: 'clinic.create', screen: lazyScreen(() => import('./features/admin/clinics-page')) },
  { path: 'admin/staff', permission: 'staff.create', screen: lazyScreen(() => import('./features/admin/staff-page')) },
  {
    path: 'sms-templates',
    permission: 'clinic.settings.update',
    screen: lazyScreen(() => import('./features/sms-templates/sms-templates-page')),
  },
  {
    path: 'notifications',
    permission: 'notification.read',
    screen: lazyScreen(() => import('./features/notifications/notifications-page')),
  },
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
