import { IsPassword } from './password';

export class ResetPasswordDto {
  @IsPassword()
  newPassword!: string;
}
