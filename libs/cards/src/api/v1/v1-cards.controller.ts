import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal } from '@escr/kernel';
import type { Principal } from '@escr/kernel';
import { V1CardStatus, V1Service } from './v1.service.js';
import { CardV1View, V1PageQuery } from './v1.views.js';

const DEPRECATED = 'API v1 is deprecated. Please transition to v2';

@ApiTags('V1/card')
@ApiHeader({ name: 'Authorization', required: true, description: 'Oauth access token', example: 'Bearer [Api token]' })
@Controller('esc-rest/api/v1/cards')
@Access({ apiToken: ['cards'], roles: ['AUTHORISED_PERSON', 'MEMBER'] })
export class V1CardsController {
  constructor(private readonly v1: V1Service) {}

  @Get()
  @ApiOperation({ operationId: 'list', deprecated: true, description: DEPRECATED })
  async list(@Query() query: V1PageQuery, @CurrentPrincipal() principal: Principal): Promise<CardV1View[]> {
    return this.v1.listCards(principal, query.offset, query.limit);
  }

  @Get('status/:europeanStudentCardNumber')
  @ApiOperation({ operationId: 'getStudentStatus', deprecated: true, description: DEPRECATED })
  async status(@Param('europeanStudentCardNumber') escn: string, @CurrentPrincipal() principal: Principal): Promise<V1CardStatus> {
    return this.v1.cardStatus(principal, escn);
  }
}
