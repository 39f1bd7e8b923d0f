/** Languages of the public verification page, in the order of its language menu. */
export const PAGE_LANGUAGES = ['en', 'fr', 'de', 'es', 'it', 'pt', 'pl', 'nl'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

export interface PageText {
  /** Name of the language in that language, for the language menu. */
  languageName: string;
  title: string;
  brand: string;
  languageMenu: string;
  escnLabel: string;
  escnHint: string;
  submit: string;
  valid: string;
  notValid: string;
  expired: string;
  notFound: string;
  malformed: string;
  tooManyRequests: string;
  cardNumber: string;
  issuer: string;
  validUntil: string;
  expiredOn: string;
  nameOnCard: string;
  reasonDeactivated: string;
  reasonExpired: string;
  reasonPreviousLogo: string;
  noticePreviousLogo: string;
  notFoundText: string;
  malformedText: string;
  /** `{seconds}` is replaced by the wait in seconds. */
  tooManyRequestsText: string;
  privacy: string;
}

export const PAGE_TEXT: Record<PageLanguage, PageText> = {
  en: {
    languageName: 'English',
    title: 'Verify a European Student Card',
    brand: 'European Student Card',
    languageMenu: 'Language',
    escnLabel: 'European Student Card Number (ESCN)',
    escnHint: 'The 36-character number of the card, also contained in its QR code.',
    submit: 'Verify',
    valid: 'Valid',
    notValid: 'Not valid',
    expired: 'Expired',
    notFound: 'Card not found',
    malformed: 'Invalid card number',
    tooManyRequests: 'Too many requests',
    cardNumber: 'Card number',
    issuer: 'Issued by',
    validUntil: 'Valid until',
    expiredOn: 'Expired on',
    nameOnCard: 'Name on the card',
    reasonDeactivated: 'The issuer has deactivated this card.',
    reasonExpired: 'The expiry date of this card has passed.',
    reasonPreviousLogo:
      'This card was issued with the previous ESC logo. Since 1 January 2028 only cards with the new ESC logo are valid.',
    noticePreviousLogo:
      'This card was issued with the previous ESC logo, so it is valid until 31 December 2027 at the latest. From 1 January 2028 only cards with the new ESC logo are valid.',
    notFoundText: 'No card with this number is registered. Check the number and try again.',
    malformedText: 'A card number has 36 characters, for example 3e506370-826a-103d-bf76-001000000001.',
    tooManyRequestsText: 'Please wait {seconds} seconds, then try again.',
    privacy: 'This page shows only whether a card is valid, who issued it and until when.',
  },
  fr: {
    languageName: 'Français',
    title: 'Vérifier une carte d’étudiant européenne',
    brand: 'Carte d’étudiant européenne',
    languageMenu: 'Langue',
    escnLabel: 'Numéro de carte d’étudiant européenne (ESCN)',
    escnHint: 'Le numéro de 36 caractères de la carte, également contenu dans son code QR.',
    submit: 'Vérifier',
    valid: 'Valide',
    notValid: 'Non valide',
    expired: 'Expirée',
    notFound: 'Carte introuvable',
    malformed: 'Numéro de carte invalide',
    tooManyRequests: 'Trop de requêtes',
    cardNumber: 'Numéro de carte',
    issuer: 'Émise par',
    validUntil: 'Valide jusqu’au',
    expiredOn: 'Expirée le',
    nameOnCard: 'Nom sur la carte',
    reasonDeactivated: 'L’émetteur a désactivé cette carte.',
    reasonExpired: 'La date d’expiration de cette carte est passée.',
    reasonPreviousLogo:
      'Cette carte a été émise avec l’ancien logo ESC. Depuis le 1er janvier 2028, seules les cartes portant le nouveau logo ESC sont valides.',
    noticePreviousLogo:
      'Cette carte a été émise avec l’ancien logo ESC : elle est valide au plus tard jusqu’au 31 décembre 2027. À partir du 1er janvier 2028, seules les cartes portant le nouveau logo ESC sont valides.',
    notFoundText: 'Aucune carte n’est enregistrée sous ce numéro. Vérifiez le numéro et réessayez.',
    malformedText: 'Un numéro de carte compte 36 caractères, par exemple 3e506370-826a-103d-bf76-001000000001.',
    tooManyRequestsText: 'Veuillez patienter {seconds} secondes, puis réessayer.',
    privacy: 'Cette page indique seulement si une carte est valide, qui l’a émise et jusqu’à quand.',
  },
  de: {
    languageName: 'Deutsch',
    title: 'Europäischen Studierendenausweis prüfen',
    brand: 'Europäischer Studierendenausweis',
    languageMenu: 'Sprache',
    escnLabel: 'Nummer des Europäischen Studierendenausweises (ESCN)',
    escnHint: 'Die 36-stellige Nummer des Ausweises, die auch in seinem QR-Code steht.',
    submit: 'Prüfen',
    valid: 'Gültig',
    notValid: 'Nicht gültig',
    expired: 'Abgelaufen',
    notFound: 'Ausweis nicht gefunden',
    malformed: 'Ungültige Ausweisnummer',
    tooManyRequests: 'Zu viele Anfragen',
    cardNumber: 'Ausweisnummer',
    issuer: 'Ausgestellt von',
    validUntil: 'Gültig bis',
    expiredOn: 'Abgelaufen am',
    nameOnCard: 'Name auf dem Ausweis',
    reasonDeactivated: 'Die ausstellende Einrichtung hat diesen Ausweis deaktiviert.',
    reasonExpired: 'Das Ablaufdatum dieses Ausweises ist überschritten.',
    reasonPreviousLogo:
      'Dieser Ausweis wurde mit dem bisherigen ESC-Logo ausgestellt. Seit dem 1. Januar 2028 sind nur Ausweise mit dem neuen ESC-Logo gültig.',
    noticePreviousLogo:
      'Dieser Ausweis wurde mit dem bisherigen ESC-Logo ausgestellt und ist daher höchstens bis zum 31. Dezember 2027 gültig. Ab dem 1. Januar 2028 sind nur Ausweise mit dem neuen ESC-Logo gültig.',
    notFoundText: 'Unter dieser Nummer ist kein Ausweis registriert. Prüfen Sie die Nummer und versuchen Sie es erneut.',
    malformedText: 'Eine Ausweisnummer hat 36 Zeichen, zum Beispiel 3e506370-826a-103d-bf76-001000000001.',
    tooManyRequestsText: 'Bitte warten Sie {seconds} Sekunden und versuchen Sie es dann erneut.',
    privacy: 'Diese Seite zeigt nur, ob ein Ausweis gültig ist, wer ihn ausgestellt hat und bis wann.',
  },
  es: {
    languageName: 'Español',
    title: 'Verificar un carné de estudiante europeo',
    brand: 'Carné de estudiante europeo',
    languageMenu: 'Idioma',
    escnLabel: 'Número de carné de estudiante europeo (ESCN)',
    escnHint: 'El número de 36 caracteres del carné, también contenido en su código QR.',
    submit: 'Verificar',
    valid: 'Válido',
    notValid: 'No válido',
    expired: 'Caducado',
    notFound: 'Carné no encontrado',
    malformed: 'Número de carné no válido',
    tooManyRequests: 'Demasiadas solicitudes',
    cardNumber: 'Número de carné',
    issuer: 'Emitido por',
    validUntil: 'Válido hasta',
    expiredOn: 'Caducó el',
    nameOnCard: 'Nombre en el carné',
    reasonDeactivated: 'El emisor ha desactivado este carné.',
    reasonExpired: 'La fecha de caducidad de este carné ha pasado.',
    reasonPreviousLogo:
      'Este carné se emitió con el logotipo ESC anterior. Desde el 1 de enero de 2028 solo son válidos los carnés con el nuevo logotipo ESC.',
    noticePreviousLogo:
      'Este carné se emitió con el logotipo ESC anterior, por lo que es válido como máximo hasta el 31 de diciembre de 2027. A partir del 1 de enero de 2028 solo son válidos los carnés con el nuevo logotipo ESC.',
    notFoundText: 'No hay ningún carné registrado con este número. Compruebe el número e inténtelo de nuevo.',
    malformedText: 'Un número de carné tiene 36 caracteres, por ejemplo 3e506370-826a-103d-bf76-001000000001.',
    tooManyRequestsText: 'Espere {seconds} segundos y vuelva a intentarlo.',
    privacy: 'Esta página solo muestra si un carné es válido, quién lo emitió y hasta cuándo.',
  },
  it: {
    languageName: 'Italiano',
    title: 'Verifica una carta dello studente europea',
    brand: 'Carta dello studente europea',
    languageMenu: 'Lingua',
    escnLabel: 'Numero della carta dello studente europea (ESCN)',
    escnHint: 'Il numero di 36 caratteri della carta, contenuto anche nel suo codice QR.',
    submit: 'Verifica',
    valid: 'Valida',
    notValid: 'Non valida',
    expired: 'Scaduta',
    notFound: 'Carta non trovata',
    malformed: 'Numero di carta non valido',
    tooManyRequests: 'Troppe richieste',
    cardNumber: 'Numero della carta',
    issuer: 'Emessa da',
    validUntil: 'Valida fino al',
    expiredOn: 'Scaduta il',
    nameOnCard: 'Nome sulla carta',
    reasonDeactivated: 'L’emittente ha disattivato questa carta.',
    reasonExpired: 'La data di scadenza di questa carta è passata.',
    reasonPreviousLogo:
      'Questa carta è stata emessa con il precedente logo ESC. Dal 1° gennaio 2028 sono valide solo le carte con il nuovo logo ESC.',
    noticePreviousLogo:
      'Questa carta è stata emessa con il precedente logo ESC, quindi è valida al massimo fino al 31 dicembre 2027. Dal 1° gennaio 2028 sono valide solo le carte con il nuovo logo ESC.',
    notFoundText: 'Nessuna carta è registrata con questo numero. Controlla il numero e riprova.',
    malformedText: 'Un numero di carta ha 36 caratteri, ad esempio 3e506370-826a-103d-bf76-001000000001.',
    tooManyRequestsText: 'Attendi {seconds} secondi, poi riprova.',
    privacy: 'Questa pagina mostra solo se una carta è valida, chi l’ha emessa e fino a quando.',
  },
  pt: {
    languageName: 'Português',
    title: 'Verificar um cartão de estudante europeu',
    brand: 'Cartão de estudante europeu',
    languageMenu: 'Idioma',
    escnLabel: 'Número do cartão de estudante europeu (ESCN)',
    escnHint: 'O número de 36 caracteres do cartão, também contido no seu código QR.',
    submit: 'Verificar',
    valid: 'Válido',
    notValid: 'Não válido',
    expired: 'Expirado',
    notFound: 'Cartão não encontrado',
    malformed: 'Número de cartão inválido',
    tooManyRequests: 'Demasiados pedidos',
    cardNumber: 'Número do cartão',
    issuer: 'Emitido por',
    validUntil: 'Válido até',
    expiredOn: 'Expirou em',
    nameOnCard: 'Nome no cartão',
    reasonDeactivated: 'O emissor desativou este cartão.',
    reasonExpired: 'A data de validade deste cartão já passou.',
    reasonPreviousLogo:
      'Este cartão foi emitido com o logótipo ESC anterior. Desde 1 de janeiro de 2028 só são válidos os cartões com o novo logótipo ESC.',
    noticePreviousLogo:
      'Este cartão foi emitido com o logótipo ESC anterior, pelo que é válido, no máximo, até 31 de dezembro de 2027. A partir de 1 de janeiro de 2028 só são válidos os cartões com o novo logótipo ESC.',
    notFoundText: 'Não existe nenhum cartão registado com este número. Verifique o número e tente novamente.',
    malformedText: 'Um número de cartão tem 36 caracteres, por exemplo 3e506370-826a-103d-bf76-001000000001.',
    tooManyRequestsText: 'Aguarde {seconds} segundos e tente novamente.',
    privacy: 'Esta página mostra apenas se um cartão é válido, quem o emitiu e até quando.',
  },
  pl: {
    languageName: 'Polski',
    title: 'Sprawdź Europejską Legitymację Studencką',
    brand: 'Europejska Legitymacja Studencka',
    languageMenu: 'Język',
    escnLabel: 'Numer Europejskiej Legitymacji Studenckiej (ESCN)',
    escnHint: '36-znakowy numer legitymacji, zapisany również w jej kodzie QR.',
    submit: 'Sprawdź',
    valid: 'Ważna',
    notValid: 'Nieważna',
    expired: 'Wygasła',
    notFound: 'Nie znaleziono legitymacji',
    malformed: 'Nieprawidłowy numer legitymacji',
    tooManyRequests: 'Zbyt wiele zapytań',
    cardNumber: 'Numer legitymacji',
    issuer: 'Wydana przez',
    validUntil: 'Ważna do',
    expiredOn: 'Wygasła dnia',
    nameOnCard: 'Nazwa na legitymacji',
    reasonDeactivated: 'Wydawca dezaktywował tę legitymację.',
    reasonExpired: 'Termin ważności tej legitymacji upłynął.',
    reasonPreviousLogo:
      'Ta legitymacja została wydana z poprzednim logo ESC. Od 1 stycznia 2028 r. ważne są tylko legitymacje z nowym logo ESC.',
    noticePreviousLogo:
      'Ta legitymacja została wydana z poprzednim logo ESC, dlatego jest ważna najpóźniej do 31 grudnia 2027 r. Od 1 stycznia 2028 r. ważne są tylko legitymacje z nowym logo ESC.',
    notFoundText: 'Nie zarejestrowano legitymacji o tym numerze. Sprawdź numer i spróbuj ponownie.',
    malformedText: 'Numer legitymacji ma 36 znaków, na przykład 3e506370-826a-103d-bf76-001000000001.',
    tooManyRequestsText: 'Odczekaj {seconds} s i spróbuj ponownie.',
    privacy: 'Ta strona pokazuje tylko, czy legitymacja jest ważna, kto ją wydał i do kiedy.',
  },
  nl: {
    languageName: 'Nederlands',
    title: 'Een Europese studentenkaart controleren',
    brand: 'Europese studentenkaart',
    languageMenu: 'Taal',
    escnLabel: 'Nummer van de Europese studentenkaart (ESCN)',
    escnHint: 'Het nummer van 36 tekens van de kaart, dat ook in de QR-code staat.',
    submit: 'Controleren',
    valid: 'Geldig',
    notValid: 'Niet geldig',
    expired: 'Verlopen',
    notFound: 'Kaart niet gevonden',
    malformed: 'Ongeldig kaartnummer',
    tooManyRequests: 'Te veel verzoeken',
    cardNumber: 'Kaartnummer',
    issuer: 'Uitgegeven door',
    validUntil: 'Geldig tot',
    expiredOn: 'Verlopen op',
    nameOnCard: 'Naam op de kaart',
    reasonDeactivated: 'De uitgever heeft deze kaart gedeactiveerd.',
    reasonExpired: 'De vervaldatum van deze kaart is verstreken.',
    reasonPreviousLogo:
      'Deze kaart is uitgegeven met het vorige ESC-logo. Sinds 1 januari 2028 zijn alleen kaarten met het nieuwe ESC-logo geldig.',
    noticePreviousLogo:
      'Deze kaart is uitgegeven met het vorige ESC-logo en is daarom uiterlijk tot en met 31 december 2027 geldig. Vanaf 1 januari 2028 zijn alleen kaarten met het nieuwe ESC-logo geldig.',
    notFoundText: 'Er is geen kaart met dit nummer geregistreerd. Controleer het nummer en probeer het opnieuw.',
    malformedText: 'Een kaartnummer heeft 36 tekens, bijvoorbeeld 3e506370-826a-103d-bf76-001000000001.',
    tooManyRequestsText: 'Wacht {seconds} seconden en probeer het dan opnieuw.',
    privacy: 'Deze pagina toont alleen of een kaart geldig is, wie hem heeft uitgegeven en tot wanneer.',
  },
};

function isPageLanguage(value: string): value is PageLanguage {
  return (PAGE_LANGUAGES as readonly string[]).includes(value);
}

/**
 * Chooses the page language: a supported `?lang=` wins, then the best supported entry of Accept-Language
 * by its q-value (a regional tag such as `fr-BE` counts for `fr`), then English.
 */
export function choosePageLanguage(queryLanguage: unknown, acceptLanguage: string | undefined): PageLanguage {
  if (typeof queryLanguage === 'string' && isPageLanguage(queryLanguage.toLowerCase())) {
    return queryLanguage.toLowerCase() as PageLanguage;
  }

  let best: { language: PageLanguage; quality: number } | null = null;
  for (const part of (acceptLanguage ?? '').slice(0, 512).split(',')) {
    const [tag, ...parameters] = part.trim().split(';');
    const primary = tag.trim().toLowerCase().split('-')[0];
    if (!isPageLanguage(primary)) continue;

    const qualityParameter = parameters.map((parameter) => parameter.trim()).find((parameter) => parameter.startsWith('q='));
    const quality = qualityParameter ? Number(qualityParameter.slice(2)) : 1;
    if (!Number.isFinite(quality) || quality <= 0) continue;
    if (!best || quality > best.quality) best = { language: primary, quality };
  }

  return best?.language ?? 'en';
}
