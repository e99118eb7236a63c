export * from './family.module';
export * from './family.service';
