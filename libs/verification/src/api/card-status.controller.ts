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
    return CardStatusView.of(await this.lookups.lookup(escn));
  }
}
