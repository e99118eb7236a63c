export * from './counseling.module';
export * from './counseling.service';
