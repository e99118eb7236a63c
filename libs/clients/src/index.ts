export * from './clients.module';
export * from './clients.service';
export * from './dropout-rule';
export * from './dto/client.dto';
