import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate } from '@escr/kernel';

const numberToString = ({ value }: { value: unknown }) => (typeof value === 'number' ? String(value) : value);
const digitsToNumber = ({ value }: { value: unknown }) => (typeof value === 'string' && /^[0-9]{1,9}$/.test(value) ? Number(value) : value);

export class StudentPostView {
  @ApiProperty({ example: 'urn:schac:personalUniqueCode:int:esi:HR:xxxxxxxxxx' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  europeanStudentIdentifier: string;

  @ApiProperty({ example: '123456789', description: 'The identifier of the organisation (PIC)' })
  @Transform(numberToString)
  @IsString()
  @Matches(/^[0-9]{9}$/, { message: 'must be the PIC of the organisation: exactly 9 digits' })
  picInstitutionCode: string;

  @ApiProperty({ example: 'student@example.com' })
  @MaxLength(255)
  @IsEmail({}, { message: 'must be an e-mail address' })
  emailAddress: string;

  @ApiProperty({ example: '2030-08-31', description: "The expiry date of the student's cards (yyyy-MM-dd)" })
  @IsCalendarDate()
  expiryDate: string;

  @ApiPropertyOptional({ example: 'John Smith' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  name?: string;

  @ApiPropertyOptional({ example: '6XXXXXXXX' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  phoneNumber?: string;

  @ApiPropertyOptional({ example: 6, description: '6 bachelor, 7 master, 8 doctorate' })
  @IsOptional()
  @IsIn([6, 7, 8], { message: 'must be 6 (bachelor), 7 (master) or 8 (doctorate)' })
  academicLevel?: number;
}

export class CardV1PostView {
  @ApiProperty({ example: '3e506370-826a-103d-bf76-001000000001', description: 'ESCN; request one with GET /api/v2/cards/generate-escn' })
  @IsString()
  @IsNotEmpty({ message: 'is required; request a number with GET /esc-rest/api/v2/cards/generate-escn' })
  @MaxLength(255)
  europeanStudentCardNumber: string;

  @ApiPropertyOptional({ example: 0, description: '0 unknown, 1 passive, 2 smart card without the common data zone, 3 with it, 4 smart card with service-provider applications' })
  @IsOptional()
  @IsIn([0, 1, 2, 3, 4], { message: 'must be an integer from 0 to 4' })
  cardType?: number;

  @ApiPropertyOptional({ description: 'Card alternative id, for example the chip UID' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  cardUid?: string;
}

export class V1PageQuery {
  @IsOptional()
  @Transform(digitsToNumber)
  @IsInt({ message: 'must be an integer of 0 or more' })
  @Min(0, { message: 'must be an integer of 0 or more' })
  offset: number = 0;

  @IsOptional()
  @Transform(digitsToNumber)
  @IsInt({ message: 'must be an integer from 1 to 1000' })
  @Min(1, { message: 'must be an integer from 1 to 1000' })
  @Max(1000, { message: 'must be an integer from 1 to 1000' })
  limit: number = 50;
}

export class StudentView {
  @ApiProperty() europeanStudentIdentifier: string;
  @ApiProperty({ example: '123456789' }) picInstitutionCode: string;
  @ApiPropertyOptional() emailAddress: string | null;
  @ApiProperty({ example: '2030-08-31T00:00:00.000Z', description: "The expiry date of the student's cards" }) expiryDate: string | null;
  @ApiPropertyOptional() name: string | null;
  @ApiPropertyOptional() phoneNumber: string | null;
  @ApiPropertyOptional({ type: 'integer', format: 'int32' }) academicLevel: number | null;
  @ApiPropertyOptional({ type: () => [CardV1View] }) cards: CardV1View[];
}

export class CardV1View {
  @ApiProperty() europeanStudentCardNumber: string;
  @ApiPropertyOptional({ type: 'integer', format: 'int32' }) cardType: number;
  @ApiPropertyOptional() cardUid: string | null;
  @ApiPropertyOptional({ type: () => StudentView }) student?: StudentView;
}
