import { Global, Module } from '@nestjs/common';
import { FieldCipher } from './field-cipher';
import { KeyRotation } from './key-rotation';

@Global()
@Module({ providers: [FieldCipher, KeyRotation], exports: [FieldCipher, KeyRotation] })
export class CryptoModule {}
