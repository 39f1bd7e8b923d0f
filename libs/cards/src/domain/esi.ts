/** Longest European Student Identifier the router stores. */
export const ESI_MAX_LENGTH = 255;

const URN_PREFIX = 'urn:schac:personaluniquecode:int:esi:';
const URN_PATTERN = /^urn:schac:personalUniqueCode:int:esi:([A-Za-z0-9][A-Za-z0-9.-]*):([A-Za-z0-9()+,\-.:=@;$_!*'%/?#]+)$/i;
/** The pre-2020 form COUNTRY-PIC-STUDENTCODE, for example FR-999859608-1234567890. */
const LEGACY_PATTERN = /^([A-Za-z]{2})-([0-9]{9})-([A-Za-z0-9]+)$/;

export type EsiCheck = { valid: true; key: string } | { valid: false; reason: string };

/**
 * Validates an ESI and returns its comparison key. The URN prefix and the scope (country code or
 * schacHomeOrganization domain) compare case-insensitively; the student code keeps its case.
 */
export function checkEsi(value: string): EsiCheck {
  if (value.length === 0) return { valid: false, reason: 'must not be empty' };
  if (value.length > ESI_MAX_LENGTH) return { valid: false, reason: `must be at most ${ESI_MAX_LENGTH} characters` };

  const urn = URN_PATTERN.exec(value);
  if (urn) return { valid: true, key: `${URN_PREFIX}${urn[1].toLowerCase()}:${urn[2]}` };

  const legacy = LEGACY_PATTERN.exec(value);
  if (legacy) return { valid: true, key: `${legacy[1].toUpperCase()}-${legacy[2]}-${legacy[3]}` };

  return {
    valid: false,
    reason:
      'must be urn:schac:personalUniqueCode:int:esi:<country code or schacHomeOrganization>:<code>, or the legacy COUNTRY-PIC-CODE form',
  };
}
