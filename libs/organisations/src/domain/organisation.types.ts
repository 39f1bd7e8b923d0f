export type OrganisationType = 'HEI' | 'PUBLIC_AUTHORITY' | 'PROCESSOR';

/**
 * PENDING_VETTING: registered, waiting for operations staff.
 * REJECTED: operations staff turned the registration down, with a reason.
 * LEGAL_PENDING: vetted, but the current legal documents are not all accepted.
 * ACTIVE: may issue and manage cards.
 * DISCONTINUED: missed an acceptance deadline or was stopped by operations staff.
 */
export type OrganisationStatus = 'PENDING_VETTING' | 'REJECTED' | 'LEGAL_PENDING' | 'ACTIVE' | 'DISCONTINUED';

export type LegalDocumentType = 'TERMS_AND_CONDITIONS' | 'PRIVACY_STATEMENT' | 'JOINT_CONTROLLERSHIP_ARRANGEMENT';

export const ORGANISATION_TYPE_LABELS: Record<OrganisationType, string> = {
  HEI: 'Higher education institution',
  PUBLIC_AUTHORITY: 'Public authority',
  PROCESSOR: 'Third-party processor',
};

export const ORGANISATION_STATUS_LABELS: Record<OrganisationStatus, string> = {
  PENDING_VETTING: 'Awaiting vetting',
  REJECTED: 'Registration rejected',
  LEGAL_PENDING: 'Legal documents pending',
  ACTIVE: 'Active',
  DISCONTINUED: 'Discontinued',
};

export const LEGAL_DOCUMENT_TITLES: Record<LegalDocumentType, string> = {
  TERMS_AND_CONDITIONS: 'Terms and Conditions',
  PRIVACY_STATEMENT: 'Privacy Statement',
  JOINT_CONTROLLERSHIP_ARRANGEMENT: 'Joint Controllership Arrangement',
};

/** Documents an organisation of each type must accept. */
export function requiredDocuments(type: OrganisationType): LegalDocumentType[] {
  return type === 'PROCESSOR'
    ? ['TERMS_AND_CONDITIONS', 'PRIVACY_STATEMENT']
    : ['TERMS_AND_CONDITIONS', 'PRIVACY_STATEMENT', 'JOINT_CONTROLLERSHIP_ARRANGEMENT'];
}

export const LEGAL_DOCUMENT_TYPES: readonly LegalDocumentType[] = [
  'TERMS_AND_CONDITIONS',
  'PRIVACY_STATEMENT',
  'JOINT_CONTROLLERSHIP_ARRANGEMENT',
];

/** Organisation types that must accept a document type. */
export function typesRequiring(documentType: LegalDocumentType): OrganisationType[] {
  return documentType === 'JOINT_CONTROLLERSHIP_ARRANGEMENT' ? ['HEI', 'PUBLIC_AUTHORITY'] : ['HEI', 'PUBLIC_AUTHORITY', 'PROCESSOR'];
}

/** A VAT number: the two-letter country prefix and 2 to 13 letters or digits, without spaces or dots. */
export const VAT_NUMBER_PATTERN = /^[A-Z]{2}[0-9A-Z]{2,13}$/;

/** Removes the spaces, dots and dashes people type into VAT numbers, and uppercases the rest. */
export function normaliseVatNumber(value: string): string {
  return value.replace(/[\s.-]/g, '').toUpperCase();
}

/** A PIC (Participant Identification Code) is exactly nine decimal digits. */
export const PIC_PATTERN = /^[0-9]{9}$/;
