import { checkEsi } from './esi';

describe('checkEsi', () => {
  it.each([
    ['urn:schac:personalUniqueCode:int:esi:HR:xxxxxxxxxx', 'urn:schac:personaluniquecode:int:esi:hr:xxxxxxxxxx'],
    ['urn:schac:personalUniqueCode:int:esi:lmu.de:12345', 'urn:schac:personaluniquecode:int:esi:lmu.de:12345'],
    ['URN:SCHAC:PERSONALUNIQUECODE:INT:ESI:Uma.ES:AbC1', 'urn:schac:personaluniquecode:int:esi:uma.es:AbC1'],
    ['fr-999859608-1234567890', 'FR-999859608-1234567890'],
  ])('accepts %s', (value, key) => {
    expect(checkEsi(value)).toEqual({ valid: true, key });
  });

  it('compares the scope but not the code case-insensitively', () => {
    const lower = checkEsi('urn:schac:personalUniqueCode:int:esi:fr:AbC');
    const upper = checkEsi('urn:schac:personalUniqueCode:int:esi:FR:AbC');
    const otherCode = checkEsi('urn:schac:personalUniqueCode:int:esi:fr:abc');
    expect(lower).toEqual(upper);
    expect(lower).not.toEqual(otherCode);
  });

  it.each([
    ['', 'must not be empty'],
    [`urn:schac:personalUniqueCode:int:esi:fr:${'1'.repeat(250)}`, 'must be at most 255 characters'],
    ['student-42', 'must be urn:schac:personalUniqueCode:int:esi:'],
    ['urn:schac:personalUniqueCode:int:esi:fr:', 'must be urn:schac:personalUniqueCode:int:esi:'],
    ['FR-12345-1234', 'must be urn:schac:personalUniqueCode:int:esi:'],
  ])('rejects %p', (value, reason) => {
    const result = checkEsi(value);
    expect(result.valid).toBe(false);
    expect(result.valid ? '' : result.reason).toContain(reason);
  });
});
