export * from './clinics.module';
export * from './clinics.service';
export * from './dto/clinic.dto';
export * from './clinic-day-sql';
export * from './clinic-row-sql';
