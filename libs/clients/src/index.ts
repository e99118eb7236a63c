export * from './access';
export * from './clients.module';
export * from './clients.service';
export * from './dropout-rule';
export * from './dropouts';
export * from './history-episodes';
export * from './dto/client.dto';
export * from './client-events';
