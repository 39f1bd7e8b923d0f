import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, MailQueue } from '@escr/kernel';
import { AcceptanceDeadlinesJob } from '../application/acceptance-deadlines.job.js';
import { AcceptanceDeadlinesService } from '../application/acceptance-deadlines.service.js';
import { LegalPublicationService } from '../application/legal-publication.service.js';
import {
  AcceptancePeriodView,
  DeadlineRunView,
  DueNoticeView,
  MailListQuery,
  MailRecordView,
  PublishLegalDocumentRequest,
} from './legal-operations.dto.js';

/** Operations staff: legal document versions, acceptance periods, their job, and outgoing mail. */
@ApiTags('Operations')
@ApiBearerAuth()
@Controller('api/operations')
@Access({ roles: ['OPERATIONS'] })
export class LegalOperationsController {
  constructor(
    private readonly publication: LegalPublicationService,
    private readonly deadlines: AcceptanceDeadlinesService,
    private readonly job: AcceptanceDeadlinesJob,
    private readonly mail: MailQueue,
  ) {}

  @Post('legal-documents')
  async publish(@Body() request: PublishLegalDocumentRequest): Promise<AcceptancePeriodView> {
    return AcceptancePeriodView.of(await this.publication.publish(request));
  }

  @Get('acceptance-periods')
  async periods(): Promise<AcceptancePeriodView[]> {
    return (await this.publication.listPeriods()).map((period) => AcceptancePeriodView.of(period));
  }

  @Get('acceptance-periods/due-notices')
  async preview(): Promise<DueNoticeView[]> {
    return (await this.deadlines.preview()).map((notice) => DueNoticeView.of(notice));
  }

  @Post('acceptance-periods/run')
  @HttpCode(200)
  async run(): Promise<DeadlineRunView> {
    return DeadlineRunView.of(await this.job.runNow());
  }

  @Get('mail')
  async mailMessages(@Query() query: MailListQuery): Promise<MailRecordView[]> {
    return (await this.mail.list(query)).map((record) => MailRecordView.of(record));
  }
}
