import { lazy, Suspense, type ReactNode } from 'react';
import { Center, Loader, MantineProvider, createTheme, type CSSVariablesResolver } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { ApiError } from './api/api-error';
import { can, SessionProvider, useSession, type Permission } from './auth/session';
import { SignInPage } from './features/sign-in/sign-in-page';
import { AppLayout } from './layout/app-layout';
import { navigationFor } from './layout/navigation';

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
const DrugTestReport = lazy(() => import('./features/drug-tests/drug-test-report-page'));
const ResearchExport = lazy(() => import('./features/research-export/research-export-page'));
const AccessReview = lazy(() => import('./features/coordinator/access-page'));
const Reminders = lazy(() => import('./features/coordinator/reminders-page'));
const Transfers = lazy(() => import('./features/transfers/transfers-page'));
const DosingImport = lazy(() => import('./features/dosing-import/import-page'));
const ForcedPasswordPage = lazy(() => import('./features/account/forced-password-page'));
const Clinics = lazy(() => import('./features/admin/clinics-page'));
const Staff = lazy(() => import('./features/admin/staff-page'));
const Notifications = lazy(() => import('./features/notifications/notifications-page'));
const Worklist = lazy(() => import('./features/worklist/worklist-page'));
const SmsTemplates = lazy(() => import('./features/sms-templates/sms-templates-page'));

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
  const home = navigationFor(user)[0]?.to;
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
          <Route index element={home ? <Navigate to={home} replace /> : null} />
          <Route
            path="today"
            element={
              <Only permission="worklist.read">
                <Worklist />
              </Only>
            }
          />
          <Route
            path="dosing"
            element={
              <Only permission="dosing.today">
                <DosingWindow />
              </Only>
            }
          />
          <Route
            path="dosing/day-sheet"
            element={
              <Only permission="dosing.day_sheet">
                <DaySheet />
              </Only>
            }
          />
          <Route
            path="clients"
            element={
              <Only permission="episode.read">
                <Caseload />
              </Only>
            }
          />
          <Route
            path="clients/:clientId"
            element={
              <Only permission="episode.read">
                <ClientRecord />
              </Only>
            }
          />
          <Route
            path="groups"
            element={
              <Only permission="attendance.record">
                <Groups />
              </Only>
            }
          />
          <Route
            path="groups/:groupId/meetings/:meetingId"
            element={
              <Only permission="attendance.record">
                <Meeting />
              </Only>
            }
          />
          <Route
            path="dashboard"
            element={
              <Only permission="report.read">
                <Dashboard />
              </Only>
            }
          />
          <Route
            path="reports/retention"
            element={
              <Only permission="report.read">
                <Retention />
              </Only>
            }
          />
          <Route
            path="reports/attendance"
            element={
              <Only permission="report.read">
                <AttendanceReport />
              </Only>
            }
          />
          <Route
            path="reports/dosing"
            element={
              <Only permission="report.read">
                <DosingReport />
              </Only>
            }
          />
          <Route
            path="reports/drug-tests"
            element={
              <Only permission="report.read">
                <DrugTestReport />
              </Only>
            }
          />
          <Route
            path="reports/research"
            element={
              <Only permission="research.export">
                <ResearchExport />
              </Only>
            }
          />
          <Route
            path="access"
            element={
              <Only permission="access_log.read">
                <AccessReview />
              </Only>
            }
          />
          <Route
            path="reminders"
            element={
              <Only permission="reminder.read">
                <Reminders />
              </Only>
            }
          />
          <Route
            path="transfers"
            element={
              <Only permission="transfer.decide">
                <Transfers />
              </Only>
            }
          />
          <Route
            path="dosing/import"
            element={
              <Only permission="dosing.import">
                <DosingImport />
              </Only>
            }
          />
          <Route
            path="admin/clinics"
            element={
              <Only permission="clinic.create">
                <Clinics />
              </Only>
            }
          />
          <Route
            path="admin/staff"
            element={
              <Only permission="staff.create">
                <Staff />
              </Only>
            }
          />
          <Route
            path="sms-templates"
            element={
              <Only permission="clinic.settings.update">
                <SmsTemplates />
              </Only>
            }
          />
          <Route
            path="notifications"
            element={
              <Only permission="notification.read">
                <Notifications />
              </Only>
            }
          />
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
          <SessionProvider>
            <AppRoutes />
          </SessionProvider>
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
