import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PublicRoute } from '@escr/kernel';
import { StatusLookupService } from '../application/status-lookup.service.js';
import { CardStatusView } from './card-status.view.js';

@ApiTags('V2/card')
@Controller('esc-rest/api/v2/cards')
export class CardStatusController {
  constructor(private readonly lookups: StatusLookupService) {}

  @Get(':escn/status')
  @PublicRoute()
  async status(@Param('escn') escn: string): Promise<CardStatusView> {
    const found = await this.lookups.lookup(escn);

    return Object.assign(new CardStatusView(), {
      cardNumber: found.cardNumber,
      displayName: found.displayName,
      expiresAt: found.expiresAt,
      issuedAt: found.issuedAt,
      issuerIdentifier: found.issuerIdentifier,
      issuerName: found.issuerName,
      status: found.status,
    });
  }
}
