import { ApiPropertyOptional } from '@nestjs/swagger';

/** Body of every error response, named as in the real router's OpenAPI document. */
export class ApiErrorMessage {
  @ApiPropertyOptional({ example: 'ER-0001' })
  code: string;

  @ApiPropertyOptional({ example: 'No card with ESCN 3e506370-826a-103d-bf76-001000000001' })
  message: string;
}
