import { createHash } from 'node:crypto';
import type { CardLookup } from '../../application/status-lookup.service.js';
import { PAGE_LANGUAGES, PAGE_TEXT, PageLanguage, PageText } from './page-translations.js';

/** Content of the page above the search form. */
export type PageResult =
  | { kind: 'none' }
  | { kind: 'card'; lookup: CardLookup }
  | { kind: 'not-found'; escn: string }
  | { kind: 'malformed'; escn: string }
  | { kind: 'too-many-requests'; retryAfterSeconds: number };

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f4f5f8}
header{background:#039;color:#fff;padding:.75rem 1rem}
header p{margin:0;font-weight:700}
nav ul{list-style:none;margin:.25rem 0 0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .75rem}
nav a{color:#fff}
nav a[aria-current]{font-weight:700;text-decoration:none}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
.result{background:#fff;border-left:.5rem solid #5c5c5c;padding:.75rem 1rem;margin:0 0 1.5rem}
.result h2{margin:0 0 .5rem;font-size:1.375rem}
.valid{border-color:#0a6b2d}.valid h2{color:#0a6b2d}
.invalid{border-color:#a4161a}.invalid h2{color:#a4161a}
dl{margin:0;display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}
dt{font-weight:700}dd{margin:0;overflow-wrap:anywhere}
.escn{font-family:ui-monospace,Menlo,Consolas,monospace}
label{display:block;font-weight:700}
.hint{margin:.25rem 0 .5rem;color:#4a4a4a;font-size:.9375rem}
input{width:100%;padding:.5rem;font:inherit;font-family:ui-monospace,Menlo,Consolas,monospace;border:2px solid #5c5c5c;border-radius:4px}
button{margin-top:.75rem;padding:.5rem 1.25rem;font:inherit;font-weight:700;color:#fff;background:#039;border:0;border-radius:4px;cursor:pointer}
:focus-visible{outline:3px solid #f5a800;outline-offset:2px}
.privacy{margin-top:2rem;color:#4a4a4a;font-size:.9375rem}
`.trim();

/** Content-Security-Policy of the page: its one inline style block and nothing else may load. */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ESCAPES[character]);
}

/** Formats a yyyy-MM-dd date in the page language, for example "31 December 2027". English uses the British day-month order. */
function formatDate(date: string, language: PageLanguage): string {
  const locale = language === 'en' ? 'en-GB' : language;

  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

function renderCard({ card, verdict }: CardLookup, text: PageText, language: PageLanguage): string {
  let verdictWord = text.notValid;
  if (verdict.valid) verdictWord = text.valid;
  else if (verdict.reason === 'EXPIRED') verdictWord = text.expired;
  const heading = `<span aria-hidden="true">${verdict.valid ? '✓' : '✗'} </span>${escapeHtml(verdictWord)}`;
  const reason = {
    VALID: verdict.issuedWithPreviousLogo && verdict.validUntil !== card.expiresAt ? text.noticePreviousLogo : '',
    EXPIRED: text.reasonExpired,
    DEACTIVATED: text.reasonDeactivated,
    PREVIOUS_LOGO_RETIRED: text.reasonPreviousLogo,
  }[verdict.reason];
  const dateLabel = verdict.reason === 'EXPIRED' ? text.expiredOn : text.validUntil;
  const date = verdict.reason === 'EXPIRED' ? card.expiresAt : verdict.validUntil;
  const rows = [
    [text.cardNumber, `<span class="escn">${escapeHtml(card.cardNumber)}</span>`],
    [text.issuer, escapeHtml(card.issuerName)],
    [dateLabel, `<time datetime="${date}">${escapeHtml(formatDate(date, language))}</time>`],
  ];
  if (card.displayName) rows.push([text.nameOnCard, escapeHtml(card.displayName)]);

  return `<section class="result ${verdict.valid ? 'valid' : 'invalid'}" aria-labelledby="result"><h2 id="result">${heading}</h2>
<dl>${rows.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join('')}</dl>${reason ? `\n<p>${escapeHtml(reason)}</p>` : ''}</section>`;
}

function renderProblem(heading: string, detail: string): string {
  return `<section class="result invalid" aria-labelledby="result"><h2 id="result"><span aria-hidden="true">✗ </span>${escapeHtml(heading)}</h2><p>${escapeHtml(detail)}</p></section>`;
}

function renderResult(result: PageResult, text: PageText, language: PageLanguage): string {
  switch (result.kind) {
    case 'none':
      return '';
    case 'card':
      return renderCard(result.lookup, text, language);
    case 'not-found':
      return renderProblem(text.notFound, text.notFoundText);
    case 'malformed':
      return renderProblem(text.malformed, text.malformedText);
    case 'too-many-requests':
      return renderProblem(text.tooManyRequests, text.tooManyRequestsText.replace('{seconds}', String(result.retryAfterSeconds)));
  }
}

/** Returns the ESCN to prefill in the search field. */
function searchedEscn(result: PageResult): string {
  if (result.kind === 'card') return result.lookup.card.cardNumber;
  if (result.kind === 'not-found' || result.kind === 'malformed') return result.escn.slice(0, 64);

  return '';
}

/**
 * Renders the verification page: language menu, the result, and the search form. The page is one HTML
 * document of a few kilobytes with inline CSS and no script, image or font to fetch.
 * `languagePath` is the path of this page, to which the menu adds `?lang=`.
 */
export function renderVerificationPage(result: PageResult, language: PageLanguage, languagePath: string): string {
  const text = PAGE_TEXT[language];
  const escn = searchedEscn(result);
  const escnQuery = languagePath === '/verify' && escn ? `escn=${encodeURIComponent(escn)}&amp;` : '';
  const menu = PAGE_LANGUAGES.map((code) => {
    const current = code === language ? ' aria-current="true"' : '';

    return `<li><a href="${escapeHtml(languagePath)}?${escnQuery}lang=${code}" lang="${code}" hreflang="${code}"${current}>${PAGE_TEXT[code].languageName}</a></li>`;
  }).join('');

  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(text.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><p>${escapeHtml(text.brand)}</p><nav aria-label="${escapeHtml(text.languageMenu)}"><ul>${menu}</ul></nav></header>
<main>
<h1>${escapeHtml(text.title)}</h1>
${renderResult(result, text, language)}
<form method="get" action="/verify">
<label for="escn">${escapeHtml(text.escnLabel)}</label>
<p class="hint" id="escn-hint">${escapeHtml(text.escnHint)}</p>
<input id="escn" name="escn" type="text" value="${escapeHtml(escn)}" aria-describedby="escn-hint" autocomplete="off" autocapitalize="none" spellcheck="false" maxlength="64" required>
<input type="hidden" name="lang" value="${language}">
<button type="submit">${escapeHtml(text.submit)}</button>
</form>
<p class="privacy">${escapeHtml(text.privacy)}</p>
</main>
</body>
</html>
`;
}
