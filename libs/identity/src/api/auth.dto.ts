import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { SessionTokens } from '../application/sessions.service.js';

export class LoginRequest {
  @ApiProperty({ example: 'admin@univ-saint-valentin.fr' })
  @IsEmail({}, { message: 'must be an e-mail address' })
  @MaxLength(255)
  email: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @MaxLength(128)
  password: string;
}

export class RefreshTokenRequest {
  @ApiProperty({ description: 'The refresh token of the last login or refresh' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  refreshToken: string;
}

export class PasswordResetRequest {
  @ApiProperty({ example: 'admin@univ-saint-valentin.fr' })
  @IsEmail({}, { message: 'must be an e-mail address' })
  @MaxLength(255)
  email: string;
}

export class TokenAndPasswordRequest {
  @ApiProperty({ description: 'The token from the e-mailed link (the part after #token=)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  token: string;

  @ApiProperty({ description: '12 to 128 characters, not a common or easily guessed password', example: 'plum orchard velvet compass' })
  @IsString()
  @MaxLength(128)
  password: string;
}

export class LoginResponse {
  @ApiProperty({ description: 'HS256 JWT with header typ "at+jwt", valid for 15 minutes' })
  accessToken: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType: 'Bearer';

  @ApiProperty({ description: 'Lifetime of the access token in seconds', example: 900 })
  expiresIn: number;

  @ApiProperty({ description: 'Single-use token for POST /api/auth/refresh; each refresh returns the next one' })
  refreshToken: string;

  @ApiProperty({ description: 'When the login session ends and the refresh token stops working' })
  refreshTokenExpiresAt: string;

  static of(tokens: SessionTokens): LoginResponse {
    const view = new LoginResponse();
    view.accessToken = tokens.accessToken;
    view.tokenType = tokens.tokenType;
    view.expiresIn = tokens.expiresIn;
    view.refreshToken = tokens.refreshToken;
    view.refreshTokenExpiresAt = tokens.refreshTokenExpiresAt.toISOString();

    return view;
  }
}

export class AcceptedResponse {
  @ApiProperty({ example: 'If the address belongs to an active account, a reset link was sent to it' })
  message: string;
}
