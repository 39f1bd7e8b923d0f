import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDefined, IsEmail, IsNotEmpty, IsOptional, IsString, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import type { OrganisationSnapshot } from '@escr/organisations';
import type { LinkedProcessor } from '../application/processors.service.js';

export class ProcessorAddressRequest {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) addressDetails?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) cityName?: string;
  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2' }) @IsOptional() @Matches(/^[A-Z]{2}$/) country?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) houseNumber?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) province?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) streetName?: string;
}

export class ProcessorAdministratorRequest {
  @ApiProperty({ example: 'admin@cards-processor.example' })
  @IsEmail({}, { message: 'must be an e-mail address' })
  @MaxLength(255)
  email: string;

  @ApiProperty({ description: '12 to 128 characters' })
  @IsString()
  password: string;
}

export class RegisterProcessorRequest {
  @ApiProperty({ example: 'Card Printing Services SA' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;

  @ApiProperty({ description: 'VAT number with its two-letter country prefix', example: 'BE0123456789' })
  @IsString({ message: 'must be a VAT number such as BE0123456789' })
  @MaxLength(32)
  vatNumber: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2 country code', example: 'BE' })
  @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @Length(2, 2, { message: 'must be a two-letter ISO 3166-1 country code such as BE' })
  @Matches(/^[A-Z]{2}$/, { message: 'must be a two-letter ISO 3166-1 country code such as BE' })
  country: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  website?: string;

  @ApiPropertyOptional({ type: ProcessorAddressRequest })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProcessorAddressRequest)
  address?: ProcessorAddressRequest;

  @ApiProperty({ type: ProcessorAdministratorRequest, description: 'The first user, who becomes the authorised person' })
  @IsDefined()
  @ValidateNested()
  @Type(() => ProcessorAdministratorRequest)
  administrator: ProcessorAdministratorRequest;
}

export class LinkProcessorRequest {
  @ApiProperty({ example: 'BE0123456789' })
  @IsString({ message: 'must be the VAT number of a registered processor, such as BE0123456789' })
  @MaxLength(32)
  vatNumber: string;
}

export class ProcessorView {
  @ApiProperty() organisationId: number;
  @ApiProperty() vatNumber: string;
  @ApiProperty() name: string;
  @ApiProperty() country: string;
  @ApiProperty({ enum: ['PENDING_VETTING', 'REJECTED', 'LEGAL_PENDING', 'ACTIVE', 'DISCONTINUED'] }) status: string;

  static of(snapshot: OrganisationSnapshot): ProcessorView {
    return Object.assign(new ProcessorView(), {
      organisationId: snapshot.id,
      vatNumber: snapshot.identifier,
      name: snapshot.name,
      country: snapshot.country,
      status: snapshot.status,
    });
  }
}

export class ProcessorLinkView extends ProcessorView {
  @ApiProperty() linkedAt: string;

  static ofLink(link: LinkedProcessor): ProcessorLinkView {
    return Object.assign(new ProcessorLinkView(), ProcessorView.of(link.processor), { linkedAt: link.linkedAt.toISOString() });
  }
}
