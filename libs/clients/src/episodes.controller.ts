import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, type Caller, CurrentCaller, ParseId, Permission } from '@tongban/platform';
import { DischargeClientDto, EpisodeDto, ReadmitClientDto } from './dto/episode.dto';
import { EpisodesService } from './episodes.service';

@ApiTags('clients')
@Controller('clients/:id')
export class EpisodesController {
  constructor(private readonly episodes: EpisodesService) {}

  @Post('discharge')
  @HttpCode(200)
  @Authenticated({ permission: Permission.EpisodeManage })
  @ApiOkResponse({ type: EpisodeDto, description: 'The episode, now ended.' })
  discharge(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Body() dto: DischargeClientDto): Promise<EpisodeDto> {
    return this.episodes.discharge(caller, id, dto);
  }

  @Post('readmit')
  @HttpCode(201)
  @Authenticated({ permission: Permission.EpisodeManage })
  @ApiOkResponse({ type: EpisodeDto, description: 'The new episode.' })
  readmit(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Body() dto: ReadmitClientDto): Promise<EpisodeDto> {
    return this.episodes.readmit(caller, id, dto);
  }

  @Get('episodes')
  @Authenticated({ permission: Permission.EpisodeRead })
  @ApiOkResponse({ type: [EpisodeDto] })
  list(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string): Promise<EpisodeDto[]> {
    return this.episodes.list(caller, id);
  }
}
