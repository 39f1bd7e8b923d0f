import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, DomainError, Principal, TransactionHost } from '@escr/kernel';
import { WritableCardStatus, CardType } from '../domain/card.types.js';
import { CsvOperation, CsvRecord, CsvValidationError, csvTemplateLayout } from '../domain/csv-layout.js';
import { CardChangesService } from './card-changes.service.js';
import { CardInput, CardsService } from './cards.service.js';
import { CsvError } from './csv-errors.js';
import { readCsv } from './csv-reader.js';
import { validateCsvFile } from './csv-validation.js';

/** Result of an applied card import. */
export interface CsvImportSummary {
  operation: CsvOperation;
  rowCount: number;
  created: number;
  updated: number;
  deleted: number;
  /** Card numbers in row order, including the ones the router minted. */
  cardNumbers: string[];
}

function optional(value: string | undefined): string | undefined {
  const trimmed = value?.trim();

  return trimmed ? trimmed : undefined;
}

/** Maps a validated CSV row to the input of CardsService.issue. */
function toCardInput(record: CsvRecord): CardInput {
  return {
    cardNumber: optional(record.cardNumber),
    cardStatusType: record.cardStatusType!.trim() as WritableCardStatus,
    cardType: record.cardType!.trim() as CardType,
    displayName: optional(record.displayName),
    issuedAt: record.issuedAt!.trim(),
    expiresAt: record.expiresAt!.trim(),
    issuerIdentifier: record.issuerIdentifier!.trim(),
    personIdentifier: record.personIdentifier!.trim(),
    processorIdentifier: optional(record.processorIdentifier),
  };
}

/** Validates CSV files of cards and imports them all-or-nothing through the card use cases. */
@Injectable()
export class CsvImportService {
  private readonly logger = new Logger(CsvImportService.name);

  constructor(
    private readonly transactions: TransactionHost,
    private readonly cards: CardsService,
    private readonly changes: CardChangesService,
    private readonly config: AppConfig,
  ) {}

  layout(): Record<string, number> {
    return csvTemplateLayout();
  }

  /** Returns every problem of the file for the operation, or an empty array. Writes nothing. */
  async validate(operation: CsvOperation, content: Buffer): Promise<CsvValidationError[]> {
    const file = await readCsv(content, this.config.CSV_MAX_ROWS);

    return validateCsvFile(operation, file);
  }

  /**
   * Validates every row first, then applies all rows in one transaction, so a failing row leaves the
   * stored cards as they were.
   */
  async import(principal: Principal, organisationId: number, operation: CsvOperation, content: Buffer): Promise<CsvImportSummary> {
    if (principal.organisationId !== organisationId) throw CsvError.notOwnOrganisation(organisationId);

    const file = await readCsv(content, this.config.CSV_MAX_ROWS);
    const errors = validateCsvFile(operation, file);
    if (errors.length > 0) throw CsvError.invalidRows(errors);

    const cardNumbers = await this.transactions.run(async () => {
      const applied: string[] = [];
      for (const { rowNumber, record } of file.rows) {
        try {
          applied.push(await this.apply(principal, operation, record));
        } catch (error) {
          if (error instanceof DomainError) throw CsvError.rowFailed(rowNumber, error);

          throw error;
        }
      }

      return applied;
    });
    this.logger.log({ organisationId, operation, rowCount: file.rows.length }, 'card import applied');

    const count = (counted: CsvOperation) => (operation === counted ? cardNumbers.length : 0);

    return { operation, rowCount: file.rows.length, created: count('CREATE'), updated: count('UPDATE'), deleted: count('DELETE'), cardNumbers };
  }

  /** Applies one validated row through the card use cases and returns the card number it touched. */
  private async apply(principal: Principal, operation: CsvOperation, record: CsvRecord): Promise<string> {
    const cardNumber = record.cardNumber?.trim() ?? '';
    switch (operation) {
      case 'CREATE':
        return (await this.cards.issue(principal, toCardInput(record))).card.escn;
      case 'UPDATE':
        return (await this.changes.update(principal, cardNumber, toCardInput(record))).card.escn;
      case 'DELETE':
        await this.changes.remove(principal, cardNumber);

        return cardNumber.toLowerCase();
    }
  }
}
