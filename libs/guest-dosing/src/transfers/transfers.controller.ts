import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, type Caller, CurrentCaller, Idempotent, ParseId, Permission } from '@tongban/platform';
import { ListTransfersQueryDto, ProposeTransferDto, TransferDto, TransferPageDto } from './transfer.dto';
import { TransfersService } from './transfers.service';

@ApiTags('transfers')
@Controller()
export class TransfersController {
  constructor(private readonly transfers: TransfersService) {}

  @Post('clients/:id/transfers')
  @Idempotent()
  @Authenticated({ permission: Permission.TransferPropose })
  @ApiCreatedResponse({
    type: TransferDto,
    description:
      'The home coordinator proposes moving the client to another clinic for good, with the client’s agreement: `status: "pending"` ' +
      'until the receiving coordinator decides. 422 HOST_IS_HOME_CLINIC, UNKNOWN_CLINIC, CLIENT_NOT_ACTIVE; 409 TRANSFER_PENDING.',
  })
  propose(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Body() dto: ProposeTransferDto): Promise<TransferDto> {
    return this.transfers.propose(caller, id, dto);
  }

  @Get('transfers')
  @Authenticated({ permission: Permission.TransferRead })
  @ApiOkResponse({ type: TransferPageDto })
  list(@CurrentCaller() caller: Caller, @Query() query: ListTransfersQueryDto): Promise<TransferPageDto> {
    return this.transfers.list(caller, query);
  }

  @Post('transfers/:id/accept')
  @HttpCode(200)
  @Authenticated({ permission: Permission.TransferDecide })
  @ApiOkResponse({
    type: TransferDto,
    description:
      'The receiving coordinator accepts: the home episode ends `transferred` on the day, the client is registered here under a code of ' +
      'this clinic with a new episode, identity, photo, order in force and consents. 422 TRANSFER_NOT_DUE before the day; 409 TRANSFER_DECIDED.',
  })
  accept(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string): Promise<TransferDto> {
    return this.transfers.accept(caller, id);
  }

  @Post('transfers/:id/decline')
  @HttpCode(200)
  @Authenticated({ permission: Permission.TransferDecide })
  @ApiOkResponse({ type: TransferDto, description: 'The receiving coordinator declines; the client stays at home. 409 TRANSFER_DECIDED.' })
  decline(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string): Promise<TransferDto> {
    return this.transfers.decline(caller, id);
  }
}
