import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, PublicRoute } from '@escr/kernel';
import type { Principal } from '@escr/kernel';
import { AccountsService } from '../application/accounts.service.js';
import { LoginRequest, LoginResponse } from './auth.dto.js';

@ApiTags('Identity')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly accounts: AccountsService) {}

  @Post('login')
  @HttpCode(200)
  @PublicRoute()
  login(@Body() request: LoginRequest): Promise<LoginResponse> {
    return this.accounts.login(request.email, request.password);
  }

  @Get('me')
  @ApiBearerAuth()
  @Access({ roles: ['AUTHORISED_PERSON', 'MEMBER', 'OPERATIONS'] })
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}
