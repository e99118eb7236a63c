export * from './dosing.module';
export * from './dosing.service';
