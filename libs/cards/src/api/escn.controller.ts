import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, Matches, ValidateBy, ValidationOptions } from 'class-validator';
import { ClientAddress, PublicRoute } from '@escr/kernel';
import { EscnReservationService } from '../application/escn-reservation.service.js';

const digitsToNumber = ({ value }: { value: unknown }) => (typeof value === 'string' && /^[0-9]{1,9}$/.test(value) ? Number(value) : value);

/** Requires an integer within [min, max], with one message that names the range. */
function IsIntegerWithin(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIntegerWithin',
      validator: {
        validate: (value) => Number.isInteger(value) && (value as number) >= min && (value as number) <= max,
        defaultMessage: () => `must be an integer from ${min} to ${max}`,
      },
    },
    options,
  );
}

export class GenerateEscnQuery {
  @Transform(digitsToNumber)
  @IsIntegerWithin(0, 999)
  prefix: number;

  @Matches(/^[0-9]{9}$/, { message: 'must be the PIC of the issuing organisation: exactly 9 digits' })
  pic: string;

  @IsOptional()
  @Transform(digitsToNumber)
  @IsIntegerWithin(1, 100)
  numberOfESCN: number = 1;
}

@ApiTags('V2/card')
@Controller('esc-rest/api/v2/cards')
export class EscnController {
  constructor(private readonly reservations: EscnReservationService) {}

  /**
   * Public like the real router's operation: the official generator client sends no credentials. Each
   * client address may reserve ESCN_GENERATE_LIMIT_PER_MINUTE numbers per minute.
   */
  @Get('generate-escn')
  @PublicRoute()
  @ApiQuery({ name: 'prefix', description: 'Prefix of the generating system, 0 to 999, sent unpadded', example: 1 })
  @ApiQuery({ name: 'pic', description: 'PIC of the issuing organisation, 9 digits', example: '999859608' })
  @ApiQuery({ name: 'numberOfESCN', required: false, description: 'How many numbers to reserve, 1 to 100', example: 1 })
  @ApiOkResponse({ description: 'The reserved ESCNs', schema: { type: 'array', items: { type: 'string' } } })
  async generate(@Query() query: GenerateEscnQuery, @ClientAddress() clientAddress: string): Promise<string[]> {
    return this.reservations.reserveFor(clientAddress, query.prefix, query.pic, query.numberOfESCN);
  }
}
