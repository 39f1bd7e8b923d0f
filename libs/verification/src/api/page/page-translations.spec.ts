import { choosePageLanguage, PAGE_LANGUAGES, PAGE_TEXT } from './page-translations';

describe('choosePageLanguage', () => {
  it('prefers a supported lang parameter', () => {
    expect(choosePageLanguage('PL', 'de-DE,de;q=0.9')).toBe('pl');
  });

  it('ignores an unsupported lang parameter', () => {
    expect(choosePageLanguage('xx', 'nl-BE,nl;q=0.9')).toBe('nl');
  });

  it('follows Accept-Language q-values', () => {
    expect(choosePageLanguage(undefined, 'ja;q=1, it;q=0.4, pt-PT;q=0.8')).toBe('pt');
  });

  it('falls back to English', () => {
    expect(choosePageLanguage(undefined, undefined)).toBe('en');
    expect(choosePageLanguage(undefined, 'ja, zh;q=0.5')).toBe('en');
    expect(choosePageLanguage(undefined, 'fr;q=0')).toBe('en');
  });

  it('has every string in every language', () => {
    const keys = Object.keys(PAGE_TEXT.en).sort();
    for (const language of PAGE_LANGUAGES) {
      expect(Object.keys(PAGE_TEXT[language]).sort()).toEqual(keys);
      for (const value of Object.values(PAGE_TEXT[language])) expect(value.length).toBeGreaterThan(0);
    }
  });
});
