import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TransactionHost } from '@escr/kernel';
import { CardFacts, PersonErased } from '@escr/cards';
import { OnboardedOrganisation } from '../support/onboarding';
import { TestApp } from '../support/test-app';

export interface CardRequest {
  cardNumber?: string;
  cardStatusType?: 'ACTIVE' | 'INACTIVE';
  cardType?: string;
  displayName?: string;
  issuedAt?: string;
  expiresAt?: string;
}

export interface IssuedTestCard {
  escn: string;
  facts: CardFacts;
  issuer: OnboardedOrganisation;
  /** The body the card was created with, which PUT takes again. */
  body: Record<string, string>;
}

/** Creates a cardholder and issues one card to them through the public API, then projects it. */
export async function issueCard(testApp: TestApp, issuer: OnboardedOrganisation, card: CardRequest = {}): Promise<IssuedTestCard> {
  const esi = `urn:schac:personalUniqueCode:int:esi:fr:${issuer.pic}-${randomInt(1e9)}`;
  await testApp.http
    .post('/esc-rest/api/v2/persons')
    .auth(issuer.apiToken, { type: 'bearer' })
    .send({
      identifier: esi,
      personOrganisationUpdateViews: [
        { organisationIdentifier: issuer.pic, fullName: 'Jane Holder', email: 'jane.holder@example.eu', academicLevel: 'MASTER' },
      ],
    })
    .expect(201);
  const body: Record<string, string> = {
    ...(card.cardNumber ? { cardNumber: card.cardNumber } : {}),
    cardStatusType: card.cardStatusType ?? 'ACTIVE',
    cardType: card.cardType ?? 'SMART_PASSIVE',
    displayName: card.displayName ?? 'Jane Holder',
    issuedAt: card.issuedAt ?? '2026-09-01',
    expiresAt: card.expiresAt ?? '2030-08-31',
    issuerIdentifier: issuer.pic,
    personIdentifier: esi,
  };
  const response = await testApp.http.post('/esc-rest/api/v2/cards').auth(issuer.apiToken, { type: 'bearer' }).send(body).expect(201);
  await testApp.drainOutbox();
  const escn = response.body.cardNumber as string;

  return {
    escn,
    issuer,
    body,
    facts: {
      cardNumber: escn,
      cardType: body.cardType as CardFacts['cardType'],
      status: body.cardStatusType as CardFacts['status'],
      issuedAt: body.issuedAt,
      expiresAt: body.expiresAt,
      displayName: body.displayName,
      issuerOrganisationId: issuer.organisationId,
      issuerIdentifier: issuer.pic,
      issuerName: issuer.name,
      processorOrganisationId: null,
    },
  };
}

/** Changes a card through the Cards API (PUT), then delivers the resulting events. */
export async function changeCard(testApp: TestApp, card: IssuedTestCard, changes: CardRequest): Promise<void> {
  await testApp.http
    .put(`/esc-rest/api/v2/cards/${card.escn}`)
    .auth(card.issuer.apiToken, { type: 'bearer' })
    .send({ ...card.body, ...changes })
    .expect(200);
  await testApp.drainOutbox();
}

/** Deletes a card through the Cards API, then delivers the resulting events. */
export async function deleteCard(testApp: TestApp, card: IssuedTestCard): Promise<void> {
  await testApp.http.delete(`/esc-rest/api/v2/cards/${card.escn}`).auth(card.issuer.apiToken, { type: 'bearer' }).expect(204);
  await testApp.drainOutbox();
}

/** Records and delivers the event of a person's erasure, as the Cards context raises it. */
export async function recordPersonErased(testApp: TestApp, cardNumbers: string[]): Promise<void> {
  const transactions = testApp.app.get(TransactionHost);
  await transactions.run(async () => transactions.record(new PersonErased({ personId: randomUUID(), cardNumbers })));
  await testApp.drainOutbox();
}

/** Returns a well-formed ESCN of the given issuer that no card has yet. */
export function newEscn(pic: string): string {
  const time = randomBytes(6).toString('hex');
  const clock = (0x8000 | randomInt(0x4000)).toString(16);

  return `${time.slice(0, 8)}-${time.slice(8, 12)}-103e-${clock}-001${pic}`;
}

/**
 * Sets an issuer's new-logo date and display-name opt-in.
 * NOTE: Organisations has no route for these settings yet, so the test writes them to its table.
 */
export async function setIssuerSettings(
  testApp: TestApp,
  organisationId: number,
  settings: { newLogoAt?: string | null; publishDisplayName?: boolean },
): Promise<void> {
  const dataSource = testApp.app.get(DataSource);
  if (settings.newLogoAt !== undefined) {
    await dataSource.query('UPDATE organisations.organisation SET new_logo_at = $2 WHERE id = $1', [organisationId, settings.newLogoAt]);
  }
  if (settings.publishDisplayName !== undefined) {
    await dataSource.query('UPDATE organisations.organisation SET publish_display_name = $2 WHERE id = $1', [
      organisationId,
      settings.publishDisplayName,
    ]);
  }
}

/** Retries an assertion until it passes or the time runs out, for effects delivered by NOTIFY. */
export async function eventually(assertion: () => Promise<void>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();

      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
