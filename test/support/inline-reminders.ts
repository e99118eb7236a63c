import { startTestApp, TestApp } from './test-app';

/**
 * Starts the API with reminders delivered in its own process, without Redis
 * (as `npm start` runs on a laptop), and driven by the test: no poll or sweep
 * timer (so the clock the test moves decides, not a timer) and quick retries.
 * The reminder settings are read from `process.env`: `settings` adds to or
 * overrides these there until the app is closed, which puts back what stood
 * before; `env` goes to the app's configuration.
 */
export async function startInlineRemindersApp(settings: Record<string, string>, env: Record<string, string>): Promise<TestApp> {
  const restoreEnv = setProcessEnv({
    REMINDER_POLL_MS: '0',
    REMINDER_SWEEP_EVERY_MS: '0',
    REMINDER_RETRY_DELAY_MS: '50',
    ...settings,
  });
  try {
    const t = await startTestApp({ REDIS_URL: '', ...env });
    return {
      ...t,
      close: async () => {
        try {
          await t.close();
        } finally {
          restoreEnv();
        }
      },
    };
  } catch (error) {
    restoreEnv();
    throw error;
  }
}

function setProcessEnv(settings: Record<string, string>): () => void {
  const saved: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(settings)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
  return () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
