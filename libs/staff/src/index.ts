export * from './dto/password';
export * from './dto/staff.dto';
export * from './staff.module';
export * from './staff.service';
export * from './staff.exception';
