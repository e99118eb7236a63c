import { ConfigError } from '../config/app-config';
import { JobHandler, JobRegistry } from './job-registry';
import { JobName } from './queue-names';

const handler = <N extends JobName>(jobName: N): JobHandler<N> => ({ jobName, handle: () => Promise.resolve() });

describe('JobRegistry', () => {
  it('refuses a job without a handler, naming it', () => {
    const registry = new JobRegistry();
    registry.register(handler(JobName.DeliverReminder));
    expect(() => registry.assertComplete()).toThrow(new ConfigError(`No handler for the job(s) ${JobName.SweepReminders}`));
  });

  it('refuses a second handler for a job', () => {
    const registry = new JobRegistry();
    registry.register(handler(JobName.DeliverReminder));
    expect(() => registry.register(handler(JobName.DeliverReminder))).toThrow(ConfigError);
  });

  it('is complete with one handler for every job', () => {
    const registry = new JobRegistry();
    for (const name of Object.values(JobName)) registry.register(handler(name));
    expect(() => registry.assertComplete()).not.toThrow();
    expect(registry.handlerFor(JobName.SweepReminders)?.jobName).toBe(JobName.SweepReminders);
    expect(registry.handlerFor('unknown')).toBeUndefined();
  });

  it('names no queue or job with a colon (BullMQ uses it in its keys)', () => {
    for (const name of Object.values(JobName)) expect(name).not.toContain(':');
  });
});
