import { Body, Controller, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal } from '@escr/kernel';
import type { Principal } from '@escr/kernel';
import { PersonsService } from '../application/persons.service.js';
import { PersonUpdateView, PersonView } from './person.views.js';
import { ViewAssembler } from './view-assembler.js';

@ApiTags('V2/person')
@ApiHeader({ name: 'Authorization', required: true, description: 'Oauth access token', example: 'Bearer [Api token]' })
@Controller('esc-rest/api/v2/persons')
@Access({ apiToken: ['cards'], roles: ['AUTHORISED_PERSON', 'MEMBER'] })
export class PersonsController {
  constructor(
    private readonly persons: PersonsService,
    private readonly views: ViewAssembler,
  ) {}

  @Post()
  async create(@Body() body: PersonUpdateView, @CurrentPrincipal() principal: Principal): Promise<PersonView> {
    const created = await this.persons.create(principal, {
      identifier: body.identifier,
      fullName: body.fullName,
      links: body.personOrganisationUpdateViews,
    });

    return this.views.personView(created.person, created.links);
  }
}
