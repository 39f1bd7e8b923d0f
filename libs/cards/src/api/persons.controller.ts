import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseInterceptors } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal } from '@escr/kernel';
import type { Principal } from '@escr/kernel';
import { ListsService, PERSON_LIST } from '../application/lists.service.js';
import { PersonRemovalService } from '../application/person-removal.service.js';
import { PersonCommand, PersonsService } from '../application/persons.service.js';
import type { RawListParameters } from '../domain/list-request.js';
import { ApiErrorResponses } from './api-error-responses.decorator.js';
import { ApiIdempotencyKey, ApiListQuery } from './api-list-query.decorator.js';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';
import { PagedResourcesPersonLiteView } from './list.views.js';
import { PersonUpdateView, PersonView } from './person.views.js';
import { ViewAssembler } from './view-assembler.js';

const PATH = '/esc-rest/api/v2/persons';

function command(body: PersonUpdateView): PersonCommand {
  return { identifier: body.identifier, fullName: body.fullName, links: body.personOrganisationUpdateViews };
}

@ApiTags('V2/person')
@ApiHeader({ name: 'Authorization', required: true, description: 'Oauth access token', example: 'Bearer [Api token]' })
@Controller('esc-rest/api/v2/persons')
@Access({ apiToken: ['cards'], roles: ['AUTHORISED_PERSON', 'MEMBER'] })
export class PersonsController {
  constructor(
    private readonly persons: PersonsService,
    private readonly removal: PersonRemovalService,
    private readonly lists: ListsService,
    private readonly views: ViewAssembler,
  ) {}

  @Get()
  @ApiErrorResponses(400, 401, 403, 500)
  @ApiListQuery(PERSON_LIST.sortFields, PERSON_LIST.searchFields)
  @ApiOkResponse({ type: PagedResourcesPersonLiteView })
  async list(@Query() query: RawListParameters, @CurrentPrincipal() principal: Principal): Promise<PagedResourcesPersonLiteView> {
    return this.views.personPage(await this.lists.listPersons(principal, query), PATH, query);
  }

  @Post()
  @ApiErrorResponses(400, 401, 403, 409, 422, 500)
  @ApiIdempotencyKey()
  @UseInterceptors(IdempotencyInterceptor)
  @ApiCreatedResponse({ type: PersonView })
  async create(@Body() body: PersonUpdateView, @CurrentPrincipal() principal: Principal): Promise<PersonView> {
    return this.views.personView(await this.persons.create(principal, command(body)));
  }

  @Get(':esi')
  @ApiErrorResponses(400, 401, 403, 404, 500)
  @ApiOkResponse({ type: PersonView })
  async find(@Param('esi') esi: string, @CurrentPrincipal() principal: Principal): Promise<PersonView> {
    return this.views.personView(await this.persons.find(principal, esi));
  }

  @Put(':esi')
  @ApiErrorResponses(400, 401, 403, 404, 500)
  @ApiOkResponse({ type: PersonView })
  async update(@Param('esi') esi: string, @Body() body: PersonUpdateView, @CurrentPrincipal() principal: Principal): Promise<PersonView> {
    return this.views.personView(await this.persons.update(principal, esi, command(body)));
  }

  @Delete(':esi')
  @ApiErrorResponses(400, 401, 403, 404, 500)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Entity deleted' })
  async remove(@Param('esi') esi: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.removal.remove(principal, esi);
  }
}
