import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal } from '@escr/kernel';
import type { Principal } from '@escr/kernel';
import { V1Service } from './v1.service.js';
import { CardV1PostView, CardV1View, StudentPostView, StudentView, V1PageQuery } from './v1.views.js';

const DEPRECATED = 'API v1 is deprecated. Please transition to v2';

@ApiTags('V1/student')
@ApiHeader({ name: 'Authorization', required: true, description: 'Oauth access token', example: 'Bearer [Api token]' })
@Controller('esc-rest/api/v1/students')
@Access({ apiToken: ['cards'], roles: ['AUTHORISED_PERSON', 'MEMBER'] })
export class V1StudentsController {
  constructor(private readonly v1: V1Service) {}

  @Get()
  @ApiOperation({ operationId: 'listStudents', deprecated: true, description: DEPRECATED })
  async list(@Query() query: V1PageQuery, @CurrentPrincipal() principal: Principal): Promise<StudentView[]> {
    return this.v1.listStudents(principal, query.offset, query.limit);
  }

  @Post()
  @ApiOperation({ operationId: 'addStudent', deprecated: true, description: DEPRECATED })
  async add(@Body() body: StudentPostView, @CurrentPrincipal() principal: Principal): Promise<StudentView> {
    return this.v1.addStudent(principal, body);
  }

  @Get(':europeanStudentIdentifier')
  @ApiOperation({ operationId: 'retrieveStudent', deprecated: true, description: DEPRECATED })
  async retrieve(@Param('europeanStudentIdentifier') esi: string, @CurrentPrincipal() principal: Principal): Promise<StudentView> {
    return this.v1.retrieveStudent(principal, esi);
  }

  @Put(':europeanStudentIdentifier')
  @ApiOperation({ operationId: 'updateStudent', deprecated: true, description: DEPRECATED })
  async update(
    @Param('europeanStudentIdentifier') esi: string,
    @Body() body: StudentPostView,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StudentView> {
    return this.v1.updateStudent(principal, esi, body);
  }

  @Delete(':europeanStudentIdentifier')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteStudent', deprecated: true, description: DEPRECATED })
  async remove(@Param('europeanStudentIdentifier') esi: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.v1.deleteStudent(principal, esi);
  }

  /** Returns the ESCN as a JSON string, the only content the V1 document declares for this response. */
  @Post(':europeanStudentIdentifier/cards')
  @Header('Content-Type', 'application/json')
  @ApiOperation({ operationId: 'add', deprecated: true, description: DEPRECATED })
  async addCard(
    @Param('europeanStudentIdentifier') esi: string,
    @Body() body: CardV1PostView,
    @CurrentPrincipal() principal: Principal,
  ): Promise<string> {
    return JSON.stringify(await this.v1.addCard(principal, esi, body));
  }

  @Get(':europeanStudentIdentifier/cards/:europeanStudentCardNumber')
  @ApiOperation({ operationId: 'retrieve', deprecated: true, description: DEPRECATED })
  async retrieveCard(
    @Param('europeanStudentIdentifier') esi: string,
    @Param('europeanStudentCardNumber') escn: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CardV1View> {
    return this.v1.retrieveCard(principal, esi, escn);
  }

  @Delete(':europeanStudentIdentifier/cards/:europeanStudentCardNumber')
  @HttpCode(204)
  @ApiOperation({ operationId: 'delete', deprecated: true, description: DEPRECATED })
  async removeCard(
    @Param('europeanStudentIdentifier') esi: string,
    @Param('europeanStudentCardNumber') escn: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.v1.deleteCard(principal, esi, escn);
  }
}
