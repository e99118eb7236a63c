import { lazy, Suspense, type ReactNode } from 'react';
import { Center, Loader, MantineProvider, createTheme, type CSSVariablesResolver } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { ApiError } from './api/api-error';
import { SessionProvider, useSession, type Role } from './auth/session';
import { SignInPage } from './features/sign-in/sign-in-page';
import { AppLayout } from './layout/app-layout';
import { NAVIGATION } from './layout/navigation';

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
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)', '--mantine-color-error': 'var(--mantine-color-red-9)' },
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

// Each role's area is loaded when first opened, so the first page stays small.
const DosingWindow = lazy(() => import('./features/dosing-window/dosing-window-page'));
const DaySheet = lazy(() => import('./features/dosing-window/day-sheet-page'));
const Caseload = lazy(() => import('./features/clients/caseload-page'));
const ClientRecord = lazy(() => import('./features/clients/client-page'));
const Groups = lazy(() => import('./features/groups/groups-page'));
const Meeting = lazy(() => import('./features/groups/meeting-page'));
const Dashboard = lazy(() => import('./features/coordinator/dashboard-page'));
const Retention = lazy(() => import('./features/coordinator/retention-page'));
const AttendanceReport = lazy(() => import('./features/coordinator/attendance-report-page'));
const DosingReport = lazy(() => import('./features/coordinator/dosing-report-page'));
const AccessReview = lazy(() => import('./features/coordinator/access-page'));
const Reminders = lazy(() => import('./features/coordinator/reminders-page'));
const Clinics = lazy(() => import('./features/admin/clinics-page'));
const Staff = lazy(() => import('./features/admin/staff-page'));

function Only({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { user } = useSession();
  if (!user) return <Navigate to="/" replace />;
  return roles.includes(user.role) ? children : <Navigate to="/" replace />;
}

function AppRoutes() {
  const { user } = useSession();
  if (!user) return <SignInPage />;
  const home = NAVIGATION[user.role][0].to;
  const clinical: Role[] = ['coordinator', 'counselor', 'physician', 'nurse'];
  return (
    <Suspense
      fallback={
        <Center h="50vh">
          <Loader />
        </Center>
      }
    >
      <Routes>
        <Route element={<AppLayout />}>
          <Route index element={<Navigate to={home} replace />} />
          <Route
            path="dosing"
            element={
              <Only roles={['nurse', 'physician', 'coordinator']}>
                <DosingWindow />
              </Only>
            }
          />
          <Route
            path="dosing/day-sheet"
            element={
              <Only roles={['nurse', 'physician', 'coordinator']}>
                <DaySheet />
              </Only>
            }
          />
          <Route
            path="clients"
            element={
              <Only roles={clinical}>
                <Caseload />
              </Only>
            }
          />
          <Route
            path="clients/:clientId"
            element={
              <Only roles={clinical}>
                <ClientRecord />
              </Only>
            }
          />
          <Route
            path="groups"
            element={
              <Only roles={['peer_leader', 'coordinator']}>
                <Groups />
              </Only>
            }
          />
          <Route
            path="groups/:groupId/meetings/:meetingId"
            element={
              <Only roles={['peer_leader', 'coordinator']}>
                <Meeting />
              </Only>
            }
          />
          <Route
            path="dashboard"
            element={
              <Only roles={['coordinator']}>
                <Dashboard />
              </Only>
            }
          />
          <Route
            path="reports/retention"
            element={
              <Only roles={['coordinator']}>
                <Retention />
              </Only>
            }
          />
          <Route
            path="reports/attendance"
            element={
              <Only roles={['coordinator']}>
                <AttendanceReport />
              </Only>
            }
          />
          <Route
            path="reports/dosing"
            element={
              <Only roles={['coordinator']}>
                <DosingReport />
              </Only>
            }
          />
          <Route
            path="access"
            element={
              <Only roles={['coordinator']}>
                <AccessReview />
              </Only>
            }
          />
          <Route
            path="reminders"
            element={
              <Only roles={['coordinator']}>
                <Reminders />
              </Only>
            }
          />
          <Route
            path="admin/clinics"
            element={
              <Only roles={['admin']}>
                <Clinics />
              </Only>
            }
          />
          <Route
            path="admin/staff"
            element={
              <Only roles={['admin']}>
                <Staff />
              </Only>
            }
          />
          <Route path="*" element={<Navigate to={home} replace />} />
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
          <SessionProvider>
            <AppRoutes />
          </SessionProvider>
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
