import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** `limit` and `offset` of the operations lists, which return plain arrays rather than the API V2 page envelope. */
export class LimitOffsetQuery {
  @ApiPropertyOptional({ default: 100, maximum: 1000, description: 'Entries returned at most' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ default: 0, description: 'Entries to skip, for the next part of a long list' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}
