import { ApiPropertyOptional } from '@nestjs/swagger';
import { CodeView } from '@escr/kernel';
import { ORGANISATION_STATUS_LABELS, ORGANISATION_TYPE_LABELS, OrganisationSnapshot } from '@escr/organisations';

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

function countryName(code: string): string {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

export class PointView {
  @ApiPropertyOptional({ format: 'double', example: 2.1711059481795814 }) x: number;
  @ApiPropertyOptional({ format: 'double', example: 41.387600792818006 }) y: number;
}

export class AddressView {
  @ApiPropertyOptional({ type: String, example: '1st floor, B' }) addressDetails: string | null;
  @ApiPropertyOptional({ type: String, example: 'BARCELONA' }) cityName: string | null;
  @ApiPropertyOptional({ type: CodeView }) country: CodeView | null;
  @ApiPropertyOptional({ type: String, example: '14' }) houseNumber: string | null;
  @ApiPropertyOptional({ type: String, example: 'Copy shop A' }) label: string | null;
  @ApiPropertyOptional({ type: String, example: 'Use the door bell' }) otherComments: string | null;
  @ApiPropertyOptional({ type: PointView }) point: PointView | null;
  @ApiPropertyOptional({ type: String, example: 'CATALUÑA/CATALUNYA' }) province: string | null;
  @ApiPropertyOptional({ type: String, example: 'PZ CATALUNYA' }) streetName: string | null;
}

/** The real router's summary of an organisation (issuer or processor) inside card and person views. */
export class OrganisationLiteView {
  @ApiPropertyOptional({ type: AddressView }) address: AddressView | null;
  @ApiPropertyOptional({ type: String }) contrastColor: string | null;
  @ApiPropertyOptional({ example: '123456789 - Université de Saint-Valentin' }) fullLabel: string;
  @ApiPropertyOptional({ type: 'integer', format: 'int64' }) id: number;
  @ApiPropertyOptional({ example: '123456789' }) identifier: string;
  @ApiPropertyOptional({ type: CodeView }) identifierCode: CodeView;
  @ApiPropertyOptional({ type: String }) mainColor: string | null;
  @ApiPropertyOptional({ example: 'Université de Saint-Valentin' }) name: string;
  @ApiPropertyOptional({ type: String, format: 'date' }) newLogoAt: string | null;
  @ApiPropertyOptional({ type: CodeView }) organisationType: CodeView;
  @ApiPropertyOptional({ type: CodeView }) qrColor: CodeView | null;
  @ApiPropertyOptional({ type: String, example: 'univ-saint-valentin.fr' }) schacHomeOrganization: string | null;
  @ApiPropertyOptional({ type: String }) secondaryColor: string | null;
  @ApiPropertyOptional({ type: CodeView }) status: CodeView;
  @ApiPropertyOptional({ type: String, example: 'www.univ-saint-valentin.fr' }) website: string | null;

  static of(organisation: OrganisationSnapshot): OrganisationLiteView {
    const address = organisation.address;
    const identifierKind = organisation.type === 'PROCESSOR' ? 'VAT' : 'PIC';

    return Object.assign(new OrganisationLiteView(), {
      address: address
        ? Object.assign(new AddressView(), {
            addressDetails: address.addressDetails ?? null,
            cityName: address.cityName ?? null,
            country: CodeView.of(address.country ?? organisation.country, countryName(address.country ?? organisation.country)),
            houseNumber: address.houseNumber ?? null,
            label: address.label ?? null,
            otherComments: address.otherComments ?? null,
            point: address.point ? Object.assign(new PointView(), address.point) : null,
            province: address.province ?? null,
            streetName: address.streetName ?? null,
          })
        : null,
      contrastColor: null,
      fullLabel: `${organisation.identifier} - ${organisation.name}`,
      id: organisation.id,
      identifier: organisation.identifier,
      identifierCode: CodeView.of(identifierKind, identifierKind),
      mainColor: null,
      name: organisation.name,
      newLogoAt: organisation.newLogoAt,
      organisationType: CodeView.of(organisation.type, ORGANISATION_TYPE_LABELS[organisation.type]),
      qrColor: null,
      schacHomeOrganization: organisation.schacHomeOrganization,
      secondaryColor: null,
      status: CodeView.of(organisation.status, ORGANISATION_STATUS_LABELS[organisation.status]),
      website: organisation.website,
    });
  }
}
