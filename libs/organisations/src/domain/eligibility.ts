/** EU member states (ISO 3166-1 alpha-2; Greece as GR). */
export const EU_COUNTRIES = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU',
  'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
] as const;
/** EEA members outside the EU. */
export const EEA_COUNTRIES = ['IS', 'LI', 'NO'] as const;
/** European microstates. */
export const MICROSTATES = ['AD', 'MC', 'SM', 'VA'] as const;
/** Third countries associated to Erasmus+, and the Western Balkans (Region 1), open to ECHE holders only. */
export const ECHE_COUNTRIES = ['MK', 'RS', 'TR', 'AL', 'BA', 'XK', 'ME'] as const;

const OPEN_COUNTRIES = new Set<string>([...EU_COUNTRIES, ...EEA_COUNTRIES, ...MICROSTATES]);
const ECHE_ONLY_COUNTRIES = new Set<string>(ECHE_COUNTRIES);

export type EligibilityVerdict = { eligible: true } | { eligible: false; reason: string };

/** Decides whether a card issuer from a country may register, by the published registration rules. */
export function checkIssuerEligibility(country: string, echeHolder: boolean): EligibilityVerdict {
  if (OPEN_COUNTRIES.has(country)) return { eligible: true };

  if (ECHE_ONLY_COUNTRIES.has(country)) {
    return echeHolder
      ? { eligible: true }
      : {
          eligible: false,
          reason: `country ${country} is open only to holders of the Erasmus Charter for Higher Education; set echeHolder to true if the organisation holds one`,
        };
  }

  return {
    eligible: false,
    reason: `country ${country} is not eligible: card issuers must be in the EU, the EEA (IS, LI, NO), a European microstate (AD, MC, SM, VA), or hold the ECHE in ${ECHE_COUNTRIES.join(', ')}`,
  };
}
