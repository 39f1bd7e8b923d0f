import { Body, Controller, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal } from '@escr/kernel';
import type { Principal } from '@escr/kernel';
import { CardsService } from '../application/cards.service.js';
import { CardUpdateView, CardView } from './card.views.js';
import { ViewAssembler } from './view-assembler.js';

@ApiTags('V2/card')
@ApiHeader({ name: 'Authorization', required: true, description: 'Oauth access token', example: 'Bearer [Api token]' })
@Controller('esc-rest/api/v2/cards')
@Access({ apiToken: ['cards'], roles: ['AUTHORISED_PERSON', 'MEMBER'] })
export class CardsController {
  constructor(
    private readonly cards: CardsService,
    private readonly views: ViewAssembler,
  ) {}

  @Post()
  async create(@Body() body: CardUpdateView, @CurrentPrincipal() principal: Principal): Promise<CardView> {
    const issued = await this.cards.issue(principal, body);

    return this.views.cardView(issued.card, issued.person, issued.links);
  }
}
