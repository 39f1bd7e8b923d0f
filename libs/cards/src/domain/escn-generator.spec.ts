import { EscnGenerator } from './escn-generator';

const ESCN_LAYOUT = /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9]{12}$/;

describe('EscnGenerator', () => {
  it('matches the worked example of the official formula', () => {
    const generator = new EscnGenerator(
      () => 1_735_689_600_000,
      () => 0x1234,
    );

    expect(generator.next(1, '123456789')).toBe('4b171400-b51e-103d-9234-001123456789');
  });

  it('advances the time by one within a batch', () => {
    const generator = new EscnGenerator(
      () => 1_735_689_600_000,
      () => 0x1234,
    );
    generator.next(1, '123456789');

    expect(generator.next(1, '123456789')).toBe('4b171401-b51e-103d-9234-001123456789');
  });

  it('writes prefix 66 and the PIC into the node', () => {
    const escn = new EscnGenerator().next(66, '999859608');

    expect(escn).toMatch(ESCN_LAYOUT);
    expect(escn.endsWith('066999859608')).toBe(true);
  });

  it('mints 20,000 consecutive numbers without duplicates', () => {
    const generator = new EscnGenerator();
    const minted = new Set<string>();
    for (let i = 0; i < 20_000; i++) minted.add(generator.next(1, '123456789'));

    expect(minted.size).toBe(20_000);
  });

  it('keeps time increasing when the clock stands still', () => {
    const generator = new EscnGenerator(
      () => 1_735_689_600_000,
      () => 0,
    );
    const minted = new Set<string>();
    for (let i = 0; i < 25_000; i++) minted.add(generator.next(0, '123456789'));

    expect(minted.size).toBe(25_000);
  });

  it.each([
    [6666, '999859608'],
    [-1, '999859608'],
    [1.5, '999859608'],
    [666, 'InvalidPicOfMoreThan9Chars'],
    [666, '12345678'],
  ])('rejects prefix %p with PIC %p', (prefix, pic) => {
    expect(() => new EscnGenerator().next(prefix, pic)).toThrow(RangeError);
  });
});
