export * from './clients.module';
export * from './clients.service';
export * from './dto/client.dto';
