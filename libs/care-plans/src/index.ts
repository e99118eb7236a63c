export * from './care-plans.module';
export * from './care-plans.service';
export * from './referrals.service';
export * from './care-plans-worklist';
