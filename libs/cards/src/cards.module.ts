import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganisationsModule } from '@escr/organisations';
import { ProcessorsModule } from '@escr/processors';
import { CardsController } from './api/cards.controller.js';
import { CsvImportController } from './api/csv-import.controller.js';
import { CsvController } from './api/csv.controller.js';
import { EscnController } from './api/escn.controller.js';
import { PersonsController } from './api/persons.controller.js';
import { ViewAssembler } from './api/view-assembler.js';
import { ActingOrganisation } from './application/acting-organisation.js';
import { CardsService } from './application/cards.service.js';
import { CsvImportService } from './application/csv-import.service.js';
import { EscnReservationService } from './application/escn-reservation.service.js';
import { PersonsService } from './application/persons.service.js';
import { CardEntity } from './infrastructure/card.entity.js';
import { PersonLinkEntity } from './infrastructure/person-link.entity.js';
import { PersonEntity } from './infrastructure/person.entity.js';

/** Cardholders (persons and their links to organisations) and cards: the router's API V2. */
@Module({
  imports: [TypeOrmModule.forFeature([PersonEntity, PersonLinkEntity, CardEntity]), OrganisationsModule, ProcessorsModule],
  controllers: [PersonsController, EscnController, CsvController, CardsController, CsvImportController],
  providers: [ActingOrganisation, PersonsService, CardsService, ViewAssembler, EscnReservationService, CsvImportService],
})
export class CardsModule {}
