import { AcademicLevel, CARD_TYPES, CardType } from '../../domain/card.types.js';

/** API V1 academic levels (ISCED 2011 levels 6, 7 and 8) and their API V2 keys. */
export const V1_ACADEMIC_LEVELS: Record<number, AcademicLevel> = { 6: 'BACHELOR', 7: 'MASTER', 8: 'DOCTORATE' };

/** API V1 card types 0 to 4 and their API V2 keys. */
export const V1_CARD_TYPES: Record<number, CardType> = { 0: 'UNKNOWN', 1: 'PASSIVE', 2: 'SMART_NO_CDZ', 3: 'SMART_CDZ', 4: 'SMART_MAY_SP' };

export function academicLevelToV1(level: AcademicLevel | null): number | null {
  if (level === null) return null;

  const entry = Object.entries(V1_ACADEMIC_LEVELS).find(([, key]) => key === level);

  return entry ? Number(entry[0]) : null;
}

/** Returns the V1 integer of a card type. The digital types of API V2 have none and read as 0 (unknown). */
export function cardTypeToV1(type: CardType): number {
  return CARD_TYPES[type].v1 ?? 0;
}
