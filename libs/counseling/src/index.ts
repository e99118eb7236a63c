export * from './counseling.module';
export * from './counseling.service';
export * from './counseling-events';
