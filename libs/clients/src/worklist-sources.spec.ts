import { WorklistSource, WorklistSources } from './worklist-sources';

const source = (...kinds: WorklistSource['kinds']): WorklistSource => ({ kinds, fragmentFor: () => Promise.resolve(null) });

describe('WorklistSources.register', () => {
  it('takes each kind from one source only: the statement’s rows go back to their source by kind', () => {
    // Registering reads nothing: the services the reads use are not needed here.
    const sources = new WorklistSources(null as never, null as never, null as never);
    sources.register(source('appointment'));
    sources.register(source('missed_doses', 'guest_dosing'));
    expect(() => sources.register(source('transfer_pending', 'guest_dosing'))).toThrow('Worklist kinds registered twice: guest_dosing');
  });
});
