import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseInterceptors } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal } from '@escr/kernel';
import type { Principal } from '@escr/kernel';
import { CardChangesService } from '../application/card-changes.service.js';
import { CardsService } from '../application/cards.service.js';
import { CARD_LIST, ListsService } from '../application/lists.service.js';
import type { RawListParameters } from '../domain/list-request.js';
import { ApiErrorResponses } from './api-error-responses.decorator.js';
import { ApiIdempotencyKey, ApiListQuery } from './api-list-query.decorator.js';
import { CardUpdateView, CardView } from './card.views.js';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';
import { PagedResourcesCardLiteView } from './list.views.js';
import { ViewAssembler } from './view-assembler.js';

const PATH = '/esc-rest/api/v2/cards';

/**
 * Cards of API V2. Routes with a static path under /cards (generate-escn, csv-config, validate-csv) live
 * in controllers registered before this one, because `GET :escn` would otherwise match them.
 */
@ApiTags('V2/card')
@ApiHeader({ name: 'Authorization', required: true, description: 'Oauth access token', example: 'Bearer [Api token]' })
@Controller('esc-rest/api/v2/cards')
@Access({ apiToken: ['cards'], roles: ['AUTHORISED_PERSON', 'MEMBER'] })
export class CardsController {
  constructor(
    private readonly cards: CardsService,
    private readonly changes: CardChangesService,
    private readonly lists: ListsService,
    private readonly views: ViewAssembler,
  ) {}

  @Get()
  @ApiErrorResponses(400, 401, 403, 500)
  @ApiListQuery(CARD_LIST.sortFields, CARD_LIST.searchFields)
  @ApiOkResponse({ type: PagedResourcesCardLiteView })
  async list(@Query() query: RawListParameters, @CurrentPrincipal() principal: Principal): Promise<PagedResourcesCardLiteView> {
    return this.views.cardPage(await this.lists.listCards(principal, query), PATH, query);
  }

  @Post()
  @ApiErrorResponses(400, 401, 403, 409, 422, 500)
  @ApiIdempotencyKey()
  @UseInterceptors(IdempotencyInterceptor)
  @ApiCreatedResponse({ type: CardView })
  async create(@Body() body: CardUpdateView, @CurrentPrincipal() principal: Principal): Promise<CardView> {
    return this.views.cardView(await this.cards.issue(principal, body));
  }

  @Get(':escn')
  @ApiErrorResponses(400, 401, 403, 404, 500)
  @ApiOkResponse({ type: CardView })
  async find(@Param('escn') escn: string, @CurrentPrincipal() principal: Principal): Promise<CardView> {
    return this.views.cardView(await this.cards.find(principal, escn));
  }

  @Put(':escn')
  @ApiErrorResponses(400, 401, 403, 404, 500)
  @ApiOkResponse({ type: CardView })
  async update(@Param('escn') escn: string, @Body() body: CardUpdateView, @CurrentPrincipal() principal: Principal): Promise<CardView> {
    return this.views.cardView(await this.changes.update(principal, escn, body));
  }

  @Delete(':escn')
  @ApiErrorResponses(400, 401, 403, 404, 500)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Entity deleted' })
  async remove(@Param('escn') escn: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.changes.remove(principal, escn);
  }
}
