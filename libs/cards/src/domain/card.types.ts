/** Card types of API V2, with the V1 integer where V1 had one. */
export const CARD_TYPES = {
  UNKNOWN: { label: 'Unknown', v1: 0 },
  PASSIVE: { label: 'Passive card, no electronics', v1: 1 },
  SMART_NO_CDZ: { label: 'Smart card without the ESC common data zone', v1: 2 },
  SMART_CDZ: { label: 'Smart card with the ESC common data zone', v1: 3 },
  SMART_MAY_SP: { label: 'Smart card with service-provider data', v1: 4 },
  SMART_PASSIVE: { label: 'Digital passive card', v1: null },
  SMART_PASSIVE_EMULATION: { label: 'Digital card emulating a smart card', v1: null },
} as const;

export type CardType = keyof typeof CARD_TYPES;
export const CARD_TYPE_KEYS = Object.keys(CARD_TYPES) as CardType[];

/** Statuses a client may write. EXPIRED is derived from the expiry date and never stored. */
export type WritableCardStatus = 'ACTIVE' | 'INACTIVE';
export type CardStatus = WritableCardStatus | 'EXPIRED';
export const WRITABLE_CARD_STATUSES: WritableCardStatus[] = ['ACTIVE', 'INACTIVE'];
export const CARD_STATUS_LABELS: Record<CardStatus, string> = { ACTIVE: 'Active', INACTIVE: 'Inactive', EXPIRED: 'Expired' };

export type AcademicLevel = 'BACHELOR' | 'MASTER' | 'DOCTORATE';
export const ACADEMIC_LEVELS: AcademicLevel[] = ['BACHELOR', 'MASTER', 'DOCTORATE'];
export const ACADEMIC_LEVEL_LABELS: Record<AcademicLevel, string> = {
  BACHELOR: 'Bachelor',
  MASTER: 'Master',
  DOCTORATE: 'Doctorate',
};

/** The status a reader sees: EXPIRED once the expiry date has passed, whatever the stored status. */
export function effectiveStatus(stored: WritableCardStatus, expiresAt: string, today: string): CardStatus {
  return expiresAt < today ? 'EXPIRED' : stored;
}

/** Today's date in UTC as yyyy-MM-dd. */
export function isoDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}
