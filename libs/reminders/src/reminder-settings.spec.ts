import { ReminderSettings } from './reminder-settings';

describe('reminder settings', () => {
  it('resumes a reminder whose delivery was lost (Redis emptied, process killed) within 30 seconds by default', () => {
    const settings = ReminderSettings.fromEnv({});
    // Taken or handed to the queue, then lost: handed again after requeueMs, found by the next poll.
    expect(settings.requeueMs + settings.pollMs).toBeLessThanOrEqual(30_000);
    // Claimed, then lost: claimable again when the lease ends, before the requeue.
    expect(settings.leaseMs).toBeLessThanOrEqual(settings.requeueMs);
    expect(settings.leaseMs).toBeGreaterThan(settings.sendTimeoutMs);
    expect(settings.retryDelayMs).toBe(5000);
  });

  it('refuses a lease not longer than the provider timeout', () => {
    expect(() => ReminderSettings.fromEnv({ REMINDER_LEASE_MS: '5000', REMINDER_SEND_TIMEOUT_MS: '5000' })).toThrow(/REMINDER_LEASE_MS/);
  });
});
