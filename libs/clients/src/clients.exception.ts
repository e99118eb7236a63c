import { AppException } from '@tongban/platform';

export enum ClientsErrorCode {
  DUPLICATE_CLIENT = 'DUPLICATE_CLIENT',
  CLIENT_NOT_ACTIVE = 'CLIENT_NOT_ACTIVE',
  CLIENT_ALREADY_ACTIVE = 'CLIENT_ALREADY_ACTIVE',
  CLIENT_DECEASED = 'CLIENT_DECEASED',
  DATE_OUT_OF_EPISODE = 'DATE_OUT_OF_EPISODE',
}

const STATUS: Record<ClientsErrorCode, number> = {
  DUPLICATE_CLIENT: 409,
  CLIENT_NOT_ACTIVE: 422,
  CLIENT_ALREADY_ACTIVE: 409,
  CLIENT_DECEASED: 422,
  DATE_OUT_OF_EPISODE: 422,
};

export class ClientsException extends AppException {
  constructor(code: ClientsErrorCode, detail?: string) {
    super(STATUS[code], code, detail);
  }
}
