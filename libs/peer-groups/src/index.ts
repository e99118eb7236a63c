export * from './peer-groups.module';
export * from './peer-groups.service';
