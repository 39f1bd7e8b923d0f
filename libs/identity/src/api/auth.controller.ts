import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, ClientAddress, CurrentPrincipal, PublicRoute } from '@escr/kernel';
import type { Principal } from '@escr/kernel';
import { AccountsService } from '../application/accounts.service.js';
import { InvitationsService } from '../application/invitations.service.js';
import { PasswordResetService } from '../application/password-reset.service.js';
import { SessionsService } from '../application/sessions.service.js';
import {
  AcceptedResponse,
  LoginRequest,
  LoginResponse,
  PasswordResetRequest,
  RefreshTokenRequest,
  TokenAndPasswordRequest,
} from './auth.dto.js';
import { AcceptedInvitationView } from './users.dto.js';

const RESET_REQUESTED: AcceptedResponse = { message: 'If the address belongs to an active account, a reset link was sent to it' };

@ApiTags('Identity')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsService,
    private readonly invitations: InvitationsService,
    private readonly passwordResets: PasswordResetService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @PublicRoute()
  async login(@Body() request: LoginRequest, @ClientAddress() clientAddress: string): Promise<LoginResponse> {
    return LoginResponse.of(await this.accounts.login(request.email, request.password, clientAddress));
  }

  @Post('refresh')
  @HttpCode(200)
  @PublicRoute()
  async refresh(@Body() request: RefreshTokenRequest, @ClientAddress() clientAddress: string): Promise<LoginResponse> {
    return LoginResponse.of(await this.sessions.refresh(request.refreshToken, clientAddress));
  }

  @Post('logout')
  @HttpCode(204)
  @PublicRoute()
  logout(@Body() request: RefreshTokenRequest, @ClientAddress() clientAddress: string): Promise<void> {
    return this.sessions.logout(request.refreshToken, clientAddress);
  }

  @Get('me')
  @ApiBearerAuth()
  @Access({ roles: ['AUTHORISED_PERSON', 'MEMBER', 'OPERATIONS'] })
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @Post('password-reset')
  @HttpCode(202)
  @PublicRoute()
  async requestPasswordReset(@Body() request: PasswordResetRequest, @ClientAddress() clientAddress: string): Promise<AcceptedResponse> {
    await this.passwordResets.request(request.email, clientAddress);

    return RESET_REQUESTED;
  }

  @Post('password-reset/complete')
  @HttpCode(204)
  @PublicRoute()
  completePasswordReset(@Body() request: TokenAndPasswordRequest, @ClientAddress() clientAddress: string): Promise<void> {
    return this.passwordResets.complete(request.token, request.password, clientAddress);
  }

  @Post('invitations/accept')
  @PublicRoute()
  async acceptInvitation(@Body() request: TokenAndPasswordRequest, @ClientAddress() clientAddress: string): Promise<AcceptedInvitationView> {
    return AcceptedInvitationView.of(await this.invitations.accept(request.token, request.password, clientAddress));
  }
}
