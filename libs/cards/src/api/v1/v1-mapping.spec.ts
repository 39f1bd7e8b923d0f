import { CARD_TYPE_KEYS } from '../../domain/card.types';
import { academicLevelToV1, cardTypeToV1, V1_ACADEMIC_LEVELS, V1_CARD_TYPES } from './v1-mapping';

describe('API V1 mapping', () => {
  it('maps academic levels both ways', () => {
    expect(V1_ACADEMIC_LEVELS).toEqual({ 6: 'BACHELOR', 7: 'MASTER', 8: 'DOCTORATE' });
    expect(academicLevelToV1('BACHELOR')).toBe(6);
    expect(academicLevelToV1('MASTER')).toBe(7);
    expect(academicLevelToV1('DOCTORATE')).toBe(8);
    expect(academicLevelToV1(null)).toBeNull();
  });

  it('maps the V1 card types both ways', () => {
    for (const [v1, key] of Object.entries(V1_CARD_TYPES)) {
      expect(cardTypeToV1(key)).toBe(Number(v1));
    }
  });

  it('reads the digital card types as unknown', () => {
    expect(cardTypeToV1('SMART_PASSIVE')).toBe(0);
    expect(cardTypeToV1('SMART_PASSIVE_EMULATION')).toBe(0);
    expect(CARD_TYPE_KEYS.map(cardTypeToV1).every((value) => value >= 0 && value <= 4)).toBe(true);
  });
});
