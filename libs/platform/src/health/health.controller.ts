import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../access/access.decorators';
import { pingDatabase } from '../database/ping';
import { RedisConnection } from '../queue/redis-connection';

class LivenessDto {
  @ApiProperty({ example: 'ok' }) status!: 'ok';
}

class ReadinessDto {
  @ApiProperty({ enum: ['ok', 'error'] }) status!: 'ok' | 'error';
  @ApiProperty({ enum: ['up', 'down'] }) database!: 'up' | 'down';
  @ApiProperty({
    enum: ['up', 'down', 'inline'],
    description: '`inline` without REDIS_URL; `down` when Redis is unreachable (reminders wait in PostgreSQL, the API stays ready).',
  })
  queue!: 'up' | 'down' | 'inline';
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly redis: RedisConnection,
  ) {}

  @Get('live')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: LivenessDto })
  live(): LivenessDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @ApiOkResponse({ type: ReadinessDto })
  @ApiServiceUnavailableResponse({ type: ReadinessDto, description: 'The database is down.' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessDto> {
    const [database, queue] = await Promise.all([
      pingDatabase(this.dataSource, 2000).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      this.redis.state(),
    ]);
    if (database === 'down') res.status(503);
    return { status: database === 'up' ? 'ok' : 'error', database, queue };
  }
}
