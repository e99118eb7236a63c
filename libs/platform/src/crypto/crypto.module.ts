import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataKeyCheckOnStart } from './data-key-check';
import { DataKeyCheck } from './entities/data-key-check.entity';
import { FieldCipher } from './field-cipher';
import { KeyRotation } from './key-rotation';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([DataKeyCheck])],
  providers: [FieldCipher, KeyRotation, DataKeyCheckOnStart],
  exports: [FieldCipher, KeyRotation],
})
export class CryptoModule {}
