import { Controller, Delete, Get, Header, HttpCode, Param, Put, Req, StreamableFile } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { Authenticated, type Caller, CurrentCaller, LongRequest, ParseId, Permission } from '@tongban/platform';
import type { Request } from 'express';
import { ClientPhotoService } from './client-photo.service';
import { readImageBody } from './image-body';

const IMAGE = { schema: { type: 'string', format: 'binary' } };

@ApiTags('clients')
@Controller('clients/:id/photo')
export class ClientPhotoController {
  constructor(private readonly photos: ClientPhotoService) {}

  @Put()
  @HttpCode(204)
  @Authenticated({ permission: Permission.ClientPhotoManage })
  @LongRequest() // the image arrives at the client's pace; its body has its own read limits
  @ApiConsumes('image/jpeg', 'image/png')
  @ApiBody({ ...IMAGE, description: 'The image itself, at most 2 MB; its first bytes must be those of the type sent.' })
  @ApiNoContentResponse({ description: 'Stored (encrypted), replacing the photo there was.' })
  @ApiPayloadTooLargeResponse({ description: 'More than 2 MB (PAYLOAD_TOO_LARGE).' })
  @ApiUnsupportedMediaTypeResponse({
    description: 'Neither image/jpeg nor image/png (UNSUPPORTED_MEDIA_TYPE); bytes of another type are a 400.',
  })
  @ApiNotFoundResponse({ description: 'No such client, or not one whose record the caller manages (emergency access does not open it).' })
  async put(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Req() req: Request): Promise<void> {
    return this.photos.put(caller, id, await readImageBody(req));
  }

  @Get()
  @Header('Cache-Control', 'no-store')
  @Authenticated({ permission: Permission.ClientRead })
  @ApiProduces('image/jpeg', 'image/png')
  @ApiOkResponse({ ...IMAGE, description: 'The photo, to those who see the client’s identity (never a peer leader); never cached.' })
  @ApiNotFoundResponse({ description: 'No such client, not one whose identity the caller sees, or no photo.' })
  async get(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string): Promise<StreamableFile> {
    const photo = await this.photos.get(caller, id);
    return new StreamableFile(photo.bytes, { type: photo.contentType, length: photo.bytes.length });
  }

  @Delete()
  @HttpCode(204)
  @Authenticated({ permission: Permission.ClientPhotoManage })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ description: 'No such client, not one whose record the caller manages, or no photo.' })
  remove(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string): Promise<void> {
    return this.photos.remove(caller, id);
  }
}
