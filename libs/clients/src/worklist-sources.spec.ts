import fc from 'fast-check';
import { compareCodes, WorklistSource, WorklistSources } from './worklist-sources';

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

describe('compareCodes', () => {
  const codeText = fc.string({ unit: fc.constantFrom(...'-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('')), maxLength: 12 });
  const anyText = fc.string({ unit: 'grapheme', maxLength: 8 });

  it('orders as localeCompare does, codes or not', () => {
    fc.assert(
      fc.property(fc.oneof(codeText, anyText), fc.oneof(codeText, anyText), (a, b) => {
        expect(Math.sign(compareCodes(a, b))).toBe(Math.sign(a.localeCompare(b)));
      }),
      { numRuns: 5000 },
    );
    expect(['KM01-000010', 'KM01-000002', 'DL02-000001', 'km01-1', 'KM01-00001'].sort(compareCodes)).toEqual(
      ['DL02-000001', 'KM01-000010', 'KM01-00001', 'KM01-000002', 'km01-1'].sort((a, b) => a.localeCompare(b)),
    );
  });
});
