import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsArray,
  IsDefined,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CodeView } from '@escr/kernel';
import { ACADEMIC_LEVELS } from '../domain/card.types.js';
import type { AcademicLevel } from '../domain/card.types.js';
import { OrganisationLiteView } from './organisation-lite.view.js';

export class PersonOrganisationUpdateView {
  @ApiPropertyOptional({ type: String, example: 'BACHELOR', maxLength: 255, minLength: 0 })
  @IsOptional()
  @IsIn(ACADEMIC_LEVELS, { message: `must be one of ${ACADEMIC_LEVELS.join(', ')}` })
  academicLevel?: AcademicLevel;

  @ApiPropertyOptional({ example: 'student@example.com', maxLength: 255, minLength: 0 })
  @IsOptional()
  @MaxLength(255)
  @IsEmail({}, { message: 'must be an e-mail address' })
  email?: string;

  @ApiPropertyOptional({ example: 'John Smith', maxLength: 255, minLength: 0 })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  fullName?: string;

  @ApiProperty({ example: '123456789' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'number' ? String(value) : value))
  @IsString({ message: 'must be the PIC of the organisation, as a string' })
  @IsNotEmpty()
  @MaxLength(255)
  organisationIdentifier: string;
}

export class PersonUpdateView {
  @ApiPropertyOptional({ deprecated: true, example: 'John Smith', maxLength: 255, minLength: 0 })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  fullName?: string;

  @ApiProperty({ example: 'urn:schac:personalUniqueCode:int:esi:HR:xxxxxxxxxx', maxLength: 255, minLength: 0 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  identifier: string;

  @ApiPropertyOptional({ example: 'ESI', maxLength: 255, minLength: 0 })
  @IsOptional()
  @IsIn(['ESI'], { message: 'must be ESI' })
  identifierCode?: string;

  @ApiProperty({ type: [PersonOrganisationUpdateView], uniqueItems: true })
  @IsArray({ message: 'must be an array of PersonOrganisationUpdateView' })
  @ArrayNotEmpty({ message: 'must contain at least one organisation link' })
  @IsDefined()
  @ValidateNested({ each: true })
  @Type(() => PersonOrganisationUpdateView)
  personOrganisationUpdateViews: PersonOrganisationUpdateView[];
}

export class ContactPointView {
  @ApiPropertyOptional({ type: String, example: 'contact@example.be', maxLength: 255, minLength: 0 })
  email: string | null;
}

export class PersonOrganisationView {
  @ApiPropertyOptional({ type: CodeView }) academicLevel: CodeView | null;
  @ApiPropertyOptional({ type: ContactPointView }) contactPoint: ContactPointView | null;
  @ApiPropertyOptional({ type: String, example: 'John Smith', maxLength: 255, minLength: 0 }) fullName: string | null;
  @ApiPropertyOptional() hasPicture: boolean;
  @ApiPropertyOptional({ type: OrganisationLiteView }) organisation: OrganisationLiteView;
}

export class PersonLiteView {
  @ApiPropertyOptional({ type: String, deprecated: true, example: 'John Smith', maxLength: 255, minLength: 0 }) fullName: string | null;
  @ApiProperty({ example: 'urn:schac:personalUniqueCode:int:esi:HR:xxxxxxxxxx', maxLength: 255, minLength: 0 }) identifier: string;
  @ApiPropertyOptional({ type: [PersonOrganisationView], uniqueItems: true }) organisations: PersonOrganisationView[];
}

export class PersonView {
  @ApiPropertyOptional({ type: String, deprecated: true, example: 'John Smith', maxLength: 255, minLength: 0 }) fullName: string | null;
  @ApiProperty({ example: 'urn:schac:personalUniqueCode:int:esi:HR:xxxxxxxxxx', maxLength: 255, minLength: 0 }) identifier: string;
  @ApiPropertyOptional({ type: CodeView }) identifierCode: CodeView;
  @ApiPropertyOptional({ type: 'integer', format: 'int32', example: 1 }) organisationCount: number;
  @ApiPropertyOptional({ type: [PersonOrganisationView], uniqueItems: true }) organisations: PersonOrganisationView[];
}
