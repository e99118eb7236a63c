export * from './peer-groups.module';
export * from './peer-groups.service';
export * from './peer-group-events';
export * from './current-membership-sql';
export { ABSENCE_REASONS, type AbsenceReason } from './entities/peer-attendance.entity';
