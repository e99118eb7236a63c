import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { Authenticated, type Caller, CurrentCaller, Idempotent, ParseId, Permission } from '@tongban/platform';
import { ClientsService } from './clients.service';
import { AnyClientDto, ClientClinicalDto, ClientDto, ClientPageDto, ClientPseudonymDto } from './dto/client.dto';
import { ListClientsQueryDto } from './dto/list-clients-query.dto';
import { RegisterClientDto } from './dto/register-client.dto';
import { UpdateClientDto } from './dto/update-client.dto';

const ANY_CLIENT = {
  oneOf: [{ $ref: getSchemaPath(ClientDto) }, { $ref: getSchemaPath(ClientClinicalDto) }, { $ref: getSchemaPath(ClientPseudonymDto) }],
  description: 'The fields of the caller’s view: the whole record, the clinical identity, or the pseudonym.',
};

@ApiTags('clients')
@ApiExtraModels(ClientDto, ClientClinicalDto, ClientPseudonymDto)
@Controller('clients')
export class ClientsController {
  constructor(private readonly clients: ClientsService) {}

  @Post()
  @Idempotent()
  @Authenticated({ permission: Permission.ClientCreate })
  @ApiCreatedResponse({ type: ClientDto })
  @ApiConflictResponse({
    description:
      'DUPLICATE_CLIENT: a client of this clinic has this national ID. The answer names no client; the attempt is written to that client’s access log.',
  })
  register(@CurrentCaller() caller: Caller, @Body() dto: RegisterClientDto): Promise<AnyClientDto> {
    return this.clients.register(caller, dto);
  }

  @Get()
  @Authenticated({ permission: Permission.ClientRead })
  @ApiOkResponse({ type: ClientPageDto, description: 'Each item carries `hasPhoto` where the caller sees the client’s identity.' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: a peer leader filtering by `status`.' })
  search(@CurrentCaller() caller: Caller, @Query() query: ListClientsQueryDto): Promise<ClientPageDto> {
    return this.clients.search(caller, query);
  }

  @Get(':id')
  @Authenticated({ permission: Permission.ClientRead })
  @ApiOkResponse({ schema: ANY_CLIENT })
  get(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string): Promise<AnyClientDto> {
    return this.clients.get(caller, id);
  }

  @Patch(':id')
  @Authenticated({ permission: Permission.ClientUpdate })
  @ApiOkResponse({ type: ClientDto })
  @ApiConflictResponse({
    description: 'DUPLICATE_CLIENT: another client of this clinic has this national ID (written to that client’s access log).',
  })
  update(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Body() dto: UpdateClientDto): Promise<AnyClientDto> {
    return this.clients.update(caller, id, dto);
  }
}
