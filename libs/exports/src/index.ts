export * from './exports.module';
export * from './exports.exception';
export * from './fhir/fhir-bundle';
export * from './research/research-export.module';
