export * from './guest-dosing.module';
export * from './guest-dosing.service';
export * from './hosted-guest-sql';
export * from './transfers/transfers.service';
