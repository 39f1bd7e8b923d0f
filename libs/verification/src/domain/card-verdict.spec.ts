import { decideVerdict, VerdictInput } from './card-verdict';

const card = (overrides: Partial<VerdictInput> = {}): VerdictInput => ({
  status: 'ACTIVE',
  issuedAt: '2026-09-01',
  expiresAt: '2030-08-31',
  issuerNewLogoAt: null,
  ...overrides,
});

describe('decideVerdict', () => {
  it('is valid until the expiry day included', () => {
    const verdict = decideVerdict(card({ issuerNewLogoAt: '2026-01-01', expiresAt: '2027-06-30' }), '2027-06-30');

    expect(verdict).toEqual({ status: 'ACTIVE', reason: 'VALID', valid: true, issuedWithPreviousLogo: false, validUntil: '2027-06-30' });
  });

  it('expires the day after the expiry date', () => {
    const verdict = decideVerdict(card({ expiresAt: '2027-06-30' }), '2027-07-01');

    expect(verdict.status).toBe('EXPIRED');
    expect(verdict.reason).toBe('EXPIRED');
    expect(verdict.valid).toBe(false);
  });

  it('reports a deactivated card as INACTIVE', () => {
    const verdict = decideVerdict(card({ status: 'INACTIVE' }), '2026-12-01');

    expect(verdict.status).toBe('INACTIVE');
    expect(verdict.reason).toBe('DEACTIVATED');
  });

  it('treats an issuer without a new-logo date as previous logo', () => {
    const lastDay = decideVerdict(card(), '2027-12-31');
    const firstDay = decideVerdict(card(), '2028-01-01');

    expect(lastDay).toEqual({ status: 'ACTIVE', reason: 'VALID', valid: true, issuedWithPreviousLogo: true, validUntil: '2027-12-31' });
    expect(firstDay.status).toBe('INACTIVE');
    expect(firstDay.reason).toBe('PREVIOUS_LOGO_RETIRED');
    expect(firstDay.valid).toBe(false);
  });

  it('compares the issue date with the new-logo date', () => {
    const before = decideVerdict(card({ issuedAt: '2026-05-31', issuerNewLogoAt: '2026-06-01' }), '2028-02-01');
    const onTheDay = decideVerdict(card({ issuedAt: '2026-06-01', issuerNewLogoAt: '2026-06-01' }), '2028-02-01');

    expect(before.reason).toBe('PREVIOUS_LOGO_RETIRED');
    expect(onTheDay.reason).toBe('VALID');
    expect(onTheDay.validUntil).toBe('2030-08-31');
  });

  it('puts expiry before deactivation before the logo', () => {
    expect(decideVerdict(card({ status: 'INACTIVE', expiresAt: '2027-12-01' }), '2028-01-01').reason).toBe('EXPIRED');
    expect(decideVerdict(card({ status: 'INACTIVE' }), '2028-01-01').reason).toBe('DEACTIVATED');
  });

  it('keeps the expiry date when it comes before 2028', () => {
    expect(decideVerdict(card({ expiresAt: '2027-06-30' }), '2026-12-01').validUntil).toBe('2027-06-30');
  });
});
