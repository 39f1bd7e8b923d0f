import { randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TransactionHost } from '@escr/kernel';
import { CardDeleted, CardFacts, CardStatusChanged } from '@escr/cards';
import { OnboardedOrganisation } from '../support/onboarding';
import { TestApp } from '../support/test-app';

export interface CardRequest {
  cardStatusType?: 'ACTIVE' | 'INACTIVE';
  cardType?: string;
  displayName?: string;
  issuedAt?: string;
  expiresAt?: string;
}

export interface IssuedTestCard {
  escn: string;
  facts: CardFacts;
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
  const body = {
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
    facts: {
      cardNumber: escn,
      cardType: body.cardType as CardFacts['cardType'],
      status: body.cardStatusType,
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

/**
 * Records the card event that the Cards context raises when a card changes, and delivers it.
 * NOTE: the Cards API has no update or delete route yet, so tests raise the event as Cards would.
 */
export async function changeCard(testApp: TestApp, facts: CardFacts): Promise<void> {
  const transactions = testApp.app.get(TransactionHost);
  await transactions.run(async () => transactions.record(new CardStatusChanged(facts)));
  await testApp.drainOutbox();
}

/** Records and delivers the Cards context's deletion event. See `changeCard`. */
export async function deleteCard(testApp: TestApp, facts: CardFacts): Promise<void> {
  const transactions = testApp.app.get(TransactionHost);
  await transactions.run(async () =>
    transactions.record(new CardDeleted({ cardNumber: facts.cardNumber, issuerOrganisationId: facts.issuerOrganisationId })),
  );
  await testApp.drainOutbox();
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
