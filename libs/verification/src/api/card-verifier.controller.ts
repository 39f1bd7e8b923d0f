import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PublicRoute } from '@escr/kernel';
import { StatusLookupService } from '../application/status-lookup.service.js';
import { VerifiedCardView } from './verified-card.view.js';

/** The public verifier service of the real router, as the official validator client calls it. */
@ApiTags('Verifier')
@Controller('esc-verifier-service/api/v1/cards')
export class CardVerifierController {
  constructor(private readonly lookups: StatusLookupService) {}

  @Get('verify/:escn')
  @PublicRoute()
  async verify(@Param('escn') escn: string): Promise<VerifiedCardView> {
    return VerifiedCardView.of(await this.lookups.lookup(escn));
  }
}
