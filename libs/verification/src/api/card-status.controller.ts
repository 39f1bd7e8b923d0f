import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrorMessage, PublicRoute } from '@escr/kernel';
import { StatusLookupService } from '../application/status-lookup.service.js';
import { CardStatusView } from './card-status.view.js';

@ApiTags('V2/card')
@Controller('esc-rest/api/v2/cards')
export class CardStatusController {
  constructor(private readonly lookups: StatusLookupService) {}

  @Get(':escn/status')
  @PublicRoute()
  @ApiOkResponse({ type: CardStatusView })
  @ApiResponse({ status: 400, description: 'The ESCN is malformed (ER-0100)', type: ApiErrorMessage })
  @ApiResponse({ status: 404, description: 'No card with this ESCN (ER-0001)', type: ApiErrorMessage })
  @ApiResponse({ status: 429, description: 'Too many requests from this client (ER-0429); see Retry-After', type: ApiErrorMessage })
  async status(@Param('escn') escn: string): Promise<CardStatusView> {
    return CardStatusView.of(await this.lookups.lookup(escn));
  }
}
