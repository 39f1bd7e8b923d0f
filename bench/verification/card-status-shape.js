'use strict';
// The status query and the CardStatusView mapping shared by the two baseline servers. They repeat the
// router's rules (ESCN syntax, EXPIRED after the expiry date, INACTIVE for previous-logo cards from
// 2028-01-01) so that all three servers do the same work per request.

const ESCN_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9]{12}$/;
const STATUS_PATH = /^\/esc-rest\/api\/v2\/cards\/([^/]+)\/status$/;

const SELECT_CARD = `
  SELECT c.card_number AS "cardNumber", c.status, c.card_type AS "cardType",
         to_char(c.issued_at, 'YYYY-MM-DD') AS "issuedAt", to_char(c.expires_at, 'YYYY-MM-DD') AS "expiresAt",
         c.issuer_identifier AS "issuerIdentifier", coalesce(i.name, c.issuer_name) AS "issuerName",
         c.display_name AS "displayName", to_char(i.new_logo_at, 'YYYY-MM-DD') AS "issuerNewLogoAt"
    FROM verification.card_status c
    LEFT JOIN verification.issuer i ON i.organisation_id = c.issuer_organisation_id
   WHERE c.card_number = $1`;

/** Returns the lowercase ESCN of a status path, or null when the path or the number is malformed. */
function escnOfPath(url) {
  const match = STATUS_PATH.exec(url);
  if (!match || match[1].length !== 36) return null;
  const escn = match[1].toLowerCase();

  return ESCN_PATTERN.test(escn) ? escn : null;
}

function statusOf(card, today) {
  if (card.expiresAt < today) return 'EXPIRED';
  if (card.status === 'INACTIVE') return 'INACTIVE';
  const previousLogo = card.issuerNewLogoAt === null || card.issuedAt < card.issuerNewLogoAt;
  if (previousLogo && today >= '2028-01-01') return 'INACTIVE';

  return 'ACTIVE';
}

function statusBody(card) {
  return JSON.stringify({
    cardNumber: card.cardNumber,
    displayName: card.displayName,
    expiresAt: card.expiresAt,
    issuedAt: card.issuedAt,
    issuerIdentifier: card.issuerIdentifier,
    issuerName: card.issuerName,
    status: statusOf(card, new Date().toISOString().slice(0, 10)),
  });
}

function send(response, status, body) {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  response.end(body);
}

module.exports = { SELECT_CARD, escnOfPath, statusBody, send };
