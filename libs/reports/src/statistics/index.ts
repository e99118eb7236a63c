export * from './chi-square';
export * from './kaplan-meier';
export * from './log-log-band';
export * from './log-rank';
export type { Observation } from './observation';
