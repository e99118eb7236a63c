import { lazy, Suspense, useState } from 'react';
import { AppShell, Burger, Group, Menu, NavLink, SegmentedControl, Text, Button, Title, useMantineTheme } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterLink, Outlet, useLocation } from 'react-router';
import { useSession, useUser } from '../auth/session';
import { chooseLanguage, type Language } from '../i18n/i18n';
import { Done } from '../ui/feedback';
import { NotificationsLink } from '../features/notifications/notifications-link';
import { navigationFor } from './navigation';

// Loaded when opened: its texts register with i18next on load, after start-up.
const ChangePasswordModal = lazy(() => import('../features/account/change-password-modal'));

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('nav.language')}
      value={i18n.language}
      onChange={(value) => void chooseLanguage(value as Language)}
      data={[
        { value: 'zh-CN', label: '中文' },
        { value: 'en', label: 'English' },
      ]}
    />
  );
}

/** Mantine's `lg` (75em, 1200 px): a 1024 px tablet collapses the menu, a 1366 px laptop does not. */
const NAVBAR_BREAKPOINT = 'lg';

export function AppLayout() {
  const { t } = useTranslation();
  const user = useUser();
  const { signOut } = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  const [changingPassword, setChangingPassword] = useState(false);
  const [passwordChanged, setPasswordChanged] = useState(false);
  const theme = useMantineTheme();
  const wide = useMediaQuery(`(min-width: ${theme.breakpoints[NAVBAR_BREAKPOINT]})`, undefined, { getInitialValueInEffect: false });
  // A menu slid away off the screen is out of the keyboard's and the screen reader's way too.
  const hidden = !wide && !opened;
  const location = useLocation();
  const navigation = navigationFor(user);
  // The most specific screen the address is on (the day sheet, not also the window above it).
  const activeItem = navigation
    .map((item) => item.to)
    .filter((to) => location.pathname === to || location.pathname.startsWith(`${to}/`))
    .sort((a, b) => b.length - a.length)[0];
  // Below the breakpoint (a tablet's 1024 px and narrower) the menu hides behind the burger and opens over
  // the screen; from a laptop's 1366 px on it stays open beside it.
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: NAVBAR_BREAKPOINT, collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom={NAVBAR_BREAKPOINT}
              size="sm"
              aria-label={t(opened ? 'nav.closeMenu' : 'nav.openMenu')}
              aria-expanded={opened}
              aria-controls="app-navigation"
              data-testid="menu-toggle"
            />
            <Title order={1} size="h4">
              {t('app.name')}
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" visibleFrom="sm" data-testid="whoami">
              {user.displayName} · {t(`role.${user.role}`)}
            </Text>
            <NotificationsLink />
            <LanguageSwitch />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button variant="subtle" size="xs" data-testid="account-menu">
                  {t('nav.account')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item
                  onClick={() => {
                    setPasswordChanged(false);
                    setChangingPassword(true);
                  }}
                >
                  {t('nav.changePassword')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
            <Button variant="subtle" size="xs" onClick={() => void signOut()}>
              {t('nav.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.menu')} component="nav" id="app-navigation" inert={hidden}>
        {navigation.map((item) => (
          <NavLink
            key={item.to}
            component={RouterLink}
            to={item.to}
            end={item.to !== activeItem}
            label={t(item.label)}
            active={item.to === activeItem}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        {passwordChanged && <Done testId="password-done">{t('nav.passwordChanged')}</Done>}
        <Outlet />
        {changingPassword && (
          <Suspense fallback={null}>
            <ChangePasswordModal
              onClose={() => setChangingPassword(false)}
              onChanged={() => {
                setChangingPassword(false);
                setPasswordChanged(true);
              }}
            />
          </Suspense>
        )}
      </AppShell.Main>
    </AppShell>
  );
}
