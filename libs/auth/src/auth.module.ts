import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClinicsModule } from '@tongban/clinics';
import { AppConfig } from '@tongban/platform';
import { StaffModule } from '@tongban/staff';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { AuthSession } from './entities/auth-session.entity';
import { LoginThrottle } from './entities/login-throttle.entity';
import { RefreshToken } from './entities/refresh-token.entity';
import { JwtStrategy } from './jwt.strategy';
import { LoginThrottleRepository } from './login-throttle.repository';
import { jwtKeyOf } from './token-settings';

/** Sign-in and the global access guard that every route passes through. */
@Module({
  imports: [
    TypeOrmModule.forFeature([AuthSession, RefreshToken, LoginThrottle]),
    PassportModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ secret: jwtKeyOf(config.jwtSecret), signOptions: { algorithm: 'HS256' } }),
    }),
    StaffModule,
    ClinicsModule,
  ],
  controllers: [AuthController],
  providers: [AuthRepository, LoginThrottleRepository, AuthService, JwtStrategy, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AuthService],
})
export class AuthModule {}
