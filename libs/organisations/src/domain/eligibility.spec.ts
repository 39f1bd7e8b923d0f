import { checkIssuerEligibility } from './eligibility';
import { normaliseVatNumber, requiredDocuments, typesRequiring, VAT_NUMBER_PATTERN } from './organisation.types';

describe('checkIssuerEligibility', () => {
  it.each(['AT', 'FR', 'GR', 'SE', 'IS', 'LI', 'NO', 'AD', 'MC', 'SM', 'VA'])('accepts %s without the ECHE', (country) => {
    expect(checkIssuerEligibility(country, false)).toEqual({ eligible: true });
  });

  it.each(['MK', 'RS', 'TR', 'AL', 'BA', 'XK', 'ME'])('accepts %s only for ECHE holders', (country) => {
    expect(checkIssuerEligibility(country, true)).toEqual({ eligible: true });
    const verdict = checkIssuerEligibility(country, false);
    expect(verdict.eligible).toBe(false);
    expect(verdict).toMatchObject({ reason: expect.stringContaining(`country ${country}`) });
  });

  it.each(['US', 'GB', 'CH', 'EL', 'UK'])('rejects %s even for ECHE holders', (country) => {
    const verdict = checkIssuerEligibility(country, true);

    expect(verdict.eligible).toBe(false);
    expect(verdict).toMatchObject({ reason: expect.stringContaining(`country ${country} is not eligible`) });
  });
});

describe('legal document rules', () => {
  it('asks processors for T&C and PS only', () => {
    expect(requiredDocuments('PROCESSOR')).toEqual(['TERMS_AND_CONDITIONS', 'PRIVACY_STATEMENT']);
    expect(requiredDocuments('PUBLIC_AUTHORITY')).toHaveLength(3);
  });

  it('limits the JCA to issuers', () => {
    expect(typesRequiring('JOINT_CONTROLLERSHIP_ARRANGEMENT')).toEqual(['HEI', 'PUBLIC_AUTHORITY']);
    expect(typesRequiring('PRIVACY_STATEMENT')).toContain('PROCESSOR');
  });
});

describe('normaliseVatNumber', () => {
  it.each([
    ['be 0123.456.789', 'BE0123456789'],
    ['NL-123456789-B01', 'NL123456789B01'],
    ['fr12345678901', 'FR12345678901'],
  ])('normalises %s', (input, expected) => {
    expect(normaliseVatNumber(input)).toBe(expected);
    expect(VAT_NUMBER_PATTERN.test(expected)).toBe(true);
  });

  it.each(['123456789', 'B1', 'BE0123456789012345'])('leaves %s invalid', (input) => {
    expect(VAT_NUMBER_PATTERN.test(normaliseVatNumber(input))).toBe(false);
  });
});
