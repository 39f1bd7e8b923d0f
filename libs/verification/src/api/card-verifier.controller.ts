import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrorMessage, PublicRoute } from '@escr/kernel';
import { StatusLookupService } from '../application/status-lookup.service.js';
import { VerifiedCardView } from './verified-card.view.js';

/** The public verifier service of the real router, as the official validator client calls it. */
@ApiTags('Verifier')
@Controller('esc-verifier-service/api/v1/cards')
export class CardVerifierController {
  constructor(private readonly lookups: StatusLookupService) {}

  @Get('verify/:escn')
  @PublicRoute()
  @ApiOkResponse({ type: VerifiedCardView })
  @ApiResponse({ status: 400, description: 'The ESCN is malformed (ER-0100)', type: ApiErrorMessage })
  @ApiResponse({ status: 404, description: 'No card with this ESCN (ER-0001)', type: ApiErrorMessage })
  @ApiResponse({ status: 429, description: 'Too many requests from this client (ER-0429); see Retry-After', type: ApiErrorMessage })
  async verify(@Param('escn') escn: string): Promise<VerifiedCardView> {
    return VerifiedCardView.of(await this.lookups.lookup(escn));
  }
}
