import { Instrument, InstrumentKey } from './instrument';
import { MSPSS } from './mspss';
import { PHQ9 } from './phq9';
import { STIGMA } from './stigma';

export * from './instrument';

/** Every instrument, by key, in the order the app offers them. */
export const INSTRUMENTS: Readonly<Record<InstrumentKey, Instrument>> = { mspss: MSPSS, stigma: STIGMA, phq9: PHQ9 };
