import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate } from '@escr/kernel';
import { LimitOffsetQuery } from './limit-offset.query.js';
import { Transform, Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { RenderedLegalDocument } from '../application/legal-documents.service.js';
import type { LegalDocumentType } from '../domain/organisation.types.js';
import { OrganisationEntity } from '../infrastructure/organisation.entity.js';

const LEGAL_DOCUMENT_TYPES: LegalDocumentType[] = ['TERMS_AND_CONDITIONS', 'PRIVACY_STATEMENT', 'JOINT_CONTROLLERSHIP_ARRANGEMENT'];

export class OrganisationSettingsRequest {
  @ApiPropertyOptional({ type: String, nullable: true, description: 'yyyy-MM-dd, or null to clear', example: '2026-09-01' })
  @IsOptional()
  @IsCalendarDate()
  newLogoAt?: string | null;

  @ApiPropertyOptional({ description: 'Let public verification show the display name of the cards' })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  publishDisplayName?: boolean;
}

const ORGANISATION_STATUSES = ['PENDING_VETTING', 'REJECTED', 'LEGAL_PENDING', 'ACTIVE', 'DISCONTINUED'] as const;

/** The status to list, oldest registration first. */
export class OrganisationListQuery extends LimitOffsetQuery {
  @ApiPropertyOptional({ enum: ORGANISATION_STATUSES, default: 'PENDING_VETTING' })
  @IsOptional()
  @IsIn(ORGANISATION_STATUSES, { message: `must be one of ${ORGANISATION_STATUSES.join(', ')}` })
  status?: (typeof ORGANISATION_STATUSES)[number];
}

export class RejectRegistrationRequest {
  @ApiProperty({ description: 'Shown to the organisation', example: 'The PIC belongs to another institution' })
  @IsString({ message: 'must be a text saying why the registration is rejected' })
  @Matches(/\S/, { message: 'must say why the registration is rejected' })
  @MaxLength(2000)
  reason: string;
}

export class PointRequest {
  @ApiProperty({ description: 'Longitude' })
  @IsNumber()
  x: number;

  @ApiProperty({ description: 'Latitude' })
  @IsNumber()
  y: number;
}

export class AddressRequest {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) addressDetails?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) cityName?: string;
  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2' }) @IsOptional() @Matches(/^[A-Z]{2}$/) country?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) houseNumber?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) label?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) otherComments?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) province?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) streetName?: string;
  @ApiPropertyOptional({ type: PointRequest }) @IsOptional() @ValidateNested() @Type(() => PointRequest) point?: PointRequest;
}

export class AdministratorRequest {
  @ApiProperty({ example: 'admin@univ-saint-valentin.fr' })
  @IsEmail({}, { message: 'must be an e-mail address' })
  @MaxLength(255)
  email: string;

  @ApiProperty({ description: '12 to 128 characters', example: 'correct horse battery staple' })
  @IsString()
  password: string;
}

export class RegisterOrganisationRequest {
  @ApiProperty({ example: 'Université de Saint-Valentin' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;

  @ApiProperty({ description: 'Participant Identification Code: exactly 9 digits', example: '999888777' })
  @IsString({ message: 'must be a string of exactly 9 digits' })
  @Matches(/^[0-9]{9}$/, { message: 'must be exactly 9 digits, for example 999888777' })
  pic: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2 country code', example: 'FR' })
  @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @Length(2, 2, { message: 'must be a two-letter ISO 3166-1 country code such as FR' })
  @Matches(/^[A-Z]{2}$/, { message: 'must be a two-letter ISO 3166-1 country code such as FR' })
  country: string;

  @ApiPropertyOptional({ enum: ['HEI', 'PUBLIC_AUTHORITY'], default: 'HEI' })
  @IsOptional()
  @IsIn(['HEI', 'PUBLIC_AUTHORITY'], { message: 'must be HEI or PUBLIC_AUTHORITY' })
  category?: 'HEI' | 'PUBLIC_AUTHORITY';

  @ApiPropertyOptional({ description: 'Holds the Erasmus Charter for Higher Education', default: false })
  @IsOptional()
  @IsBoolean()
  echeHolder?: boolean;

  @ApiPropertyOptional({ example: 'univ-saint-valentin.fr' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  schacHomeOrganization?: string;

  @ApiPropertyOptional({ example: 'https://www.univ-saint-valentin.fr' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  website?: string;

  @ApiPropertyOptional({ type: AddressRequest })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressRequest)
  address?: AddressRequest;

  @ApiProperty({ type: AdministratorRequest })
  @IsDefined()
  @ValidateNested()
  @Type(() => AdministratorRequest)
  administrator: AdministratorRequest;
}

export class OrganisationView {
  @ApiProperty() id: number;
  @ApiProperty({ enum: ['HEI', 'PUBLIC_AUTHORITY', 'PROCESSOR'] }) type: string;
  @ApiProperty({ description: 'PIC, or VAT number for processors' }) identifier: string;
  @ApiProperty() name: string;
  @ApiProperty() country: string;
  @ApiProperty({ enum: ['PENDING_VETTING', 'REJECTED', 'LEGAL_PENDING', 'ACTIVE', 'DISCONTINUED'] }) status: string;
  @ApiPropertyOptional({ type: String, nullable: true }) schacHomeOrganization: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) website: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Date from which the organisation issues cards with the new ESC logo' })
  newLogoAt: string | null;
  @ApiProperty({ description: 'Whether public verification may show card display names' }) publishDisplayName: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Why operations staff rejected the registration' })
  rejectionReason: string | null;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ type: String, nullable: true }) discontinuedAt: string | null;

  static of(entity: OrganisationEntity): OrganisationView {
    return Object.assign(new OrganisationView(), {
      id: entity.id,
      type: entity.type,
      identifier: entity.identifier,
      name: entity.name,
      country: entity.country,
      status: entity.status,
      schacHomeOrganization: entity.schacHomeOrganization,
      website: entity.website,
      newLogoAt: entity.newLogoAt,
      publishDisplayName: entity.publishDisplayName,
      rejectionReason: entity.rejectionReason,
      createdAt: entity.createdAt.toISOString(),
      discontinuedAt: entity.discontinuedAt?.toISOString() ?? null,
    });
  }
}

export class LegalDocumentView {
  @ApiProperty({ enum: LEGAL_DOCUMENT_TYPES }) documentType: LegalDocumentType;
  @ApiProperty() title: string;
  @ApiProperty() version: number;
  @ApiProperty() publishedAt: string;
  @ApiProperty() acceptanceDeadline: string;
  @ApiProperty({ description: 'Markdown text rendered for this organisation' }) text: string;
  @ApiProperty({ description: 'SHA-256 of text in hex; quote it when accepting' }) sha256: string;
  @ApiProperty() accepted: boolean;

  static of(document: RenderedLegalDocument): LegalDocumentView {
    return Object.assign(new LegalDocumentView(), {
      documentType: document.documentType,
      title: document.title,
      version: document.version,
      publishedAt: document.publishedAt.toISOString(),
      acceptanceDeadline: document.acceptanceDeadline.toISOString(),
      text: document.text,
      sha256: document.sha256,
      accepted: document.accepted,
    });
  }
}

export class AcceptanceRequest {
  @ApiProperty({ enum: LEGAL_DOCUMENT_TYPES })
  @IsIn(LEGAL_DOCUMENT_TYPES, { message: `must be one of ${LEGAL_DOCUMENT_TYPES.join(', ')}` })
  documentType: LegalDocumentType;

  @ApiProperty({ example: 1 })
  @IsNumber({ maxDecimalPlaces: 0 }, { message: 'must be a whole version number' })
  version: number;

  @ApiProperty({ description: 'SHA-256 of the text being accepted, as returned with the document' })
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'must be the 64-character hex SHA-256 returned with the document' })
  sha256: string;
}

export class AcceptLegalDocumentsRequest {
  @ApiProperty({ type: [AcceptanceRequest] })
  @IsArray({ message: 'must be an array of {documentType, version, sha256}' })
  @ArrayNotEmpty({ message: 'must name at least one document' })
  @IsDefined()
  @ValidateNested({ each: true })
  @Type(() => AcceptanceRequest)
  acceptances: AcceptanceRequest[];
}
