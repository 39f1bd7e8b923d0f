import { ApiProperty } from '@nestjs/swagger';

export class CsvValidationErrorView {
  @ApiProperty({ type: 'integer', format: 'int32', example: 2, description: 'Record number: 1 is the header row, 2 the first data row' })
  rowNumber: number;

  @ApiProperty({ example: 'expiresAt', description: 'Column name, or empty for a problem of the whole row or file' })
  fieldName: string;

  @ApiProperty({ example: 'must be a date in the form yyyy-MM-dd, for example 2030-12-31' })
  errorMessage: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { value: '31/12/2030' } })
  params: Record<string, string>;
}

export class CsvImportSummaryView {
  @ApiProperty({ example: 'CREATE' }) operation: string;
  @ApiProperty({ type: 'integer', example: 2, description: 'Data rows applied' }) rowCount: number;
  @ApiProperty({ type: 'integer', example: 2 }) created: number;
  @ApiProperty({ type: 'integer', example: 0 }) updated: number;
  @ApiProperty({ type: 'integer', example: 0 }) deleted: number;
  @ApiProperty({ type: [String], description: 'Card numbers in row order, including the ones the router minted' }) cardNumbers: string[];
}
