export * from './peer-groups.module';
