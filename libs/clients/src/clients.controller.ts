import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Authenticated, Caller, CurrentCaller, Idempotent, ParseId, Permission } from '@tongban/platform';
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
  register(@CurrentCaller() caller: Caller, @Body() dto: RegisterClientDto): Promise<AnyClientDto> {
    return this.clients.register(caller, dto);
  }

  @Get()
  @Authenticated({ permission: Permission.ClientRead })
  @ApiOkResponse({ type: ClientPageDto })
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
  update(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Body() dto: UpdateClientDto): Promise<AnyClientDto> {
    return this.clients.update(caller, id, dto);
  }
}
