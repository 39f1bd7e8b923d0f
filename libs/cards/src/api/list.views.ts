import { ApiPropertyOptional } from '@nestjs/swagger';
import { CodeView } from '@escr/kernel';
import { OrganisationLiteView } from './organisation-lite.view.js';
import { PersonLiteView } from './person.views.js';

/** Spring HATEOAS link of the paging envelope; the router sets `rel` and `href`. */
export class Link {
  @ApiPropertyOptional() deprecation?: string;
  @ApiPropertyOptional() href: string;
  @ApiPropertyOptional() hreflang?: string;
  @ApiPropertyOptional() media?: string;
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional() profile?: string;
  @ApiPropertyOptional() rel: string;
  @ApiPropertyOptional() title?: string;
  @ApiPropertyOptional() type?: string;
}

export class PageMetadata {
  @ApiPropertyOptional({ type: 'integer', format: 'int64' }) number: number;
  @ApiPropertyOptional({ type: 'integer', format: 'int64' }) size: number;
  @ApiPropertyOptional({ type: 'integer', format: 'int64' }) totalElements: number;
  @ApiPropertyOptional({ type: 'integer', format: 'int64' }) totalPages: number;
}

/** A card in a list: the card view without its type. */
export class CardLiteView {
  @ApiPropertyOptional({ example: '3e506370-826a-103d-bf76-001000000001', maxLength: 255, minLength: 0 }) cardNumber: string;
  @ApiPropertyOptional({ type: CodeView }) cardStatusType: CodeView;
  @ApiPropertyOptional({ type: String, example: 'Card of John', maxLength: 255, minLength: 0 }) displayName: string | null;
  @ApiPropertyOptional({ example: '2040-12-31' }) expiresAt: string;
  @ApiPropertyOptional() hasOwnerAuthorization: boolean;
  @ApiPropertyOptional({ example: '2030-12-31' }) issuedAt: string;
  @ApiPropertyOptional({ type: OrganisationLiteView }) issuer: OrganisationLiteView;
  @ApiPropertyOptional({ type: PersonLiteView }) person: PersonLiteView;
  @ApiPropertyOptional({ type: OrganisationLiteView }) processor: OrganisationLiteView | null;
}

export class PagedResourcesCardLiteView {
  @ApiPropertyOptional({ type: [CardLiteView] }) content: CardLiteView[];
  @ApiPropertyOptional() empty: boolean;
  @ApiPropertyOptional({ type: [Link] }) links: Link[];
  @ApiPropertyOptional({ type: PageMetadata }) page: PageMetadata;
}

export class PagedResourcesPersonLiteView {
  @ApiPropertyOptional({ type: [PersonLiteView] }) content: PersonLiteView[];
  @ApiPropertyOptional() empty: boolean;
  @ApiPropertyOptional({ type: [Link] }) links: Link[];
  @ApiPropertyOptional({ type: PageMetadata }) page: PageMetadata;
}
