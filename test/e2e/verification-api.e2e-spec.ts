import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { SECURITY_HEADERS, TransactionHost } from '@escr/kernel';
import { CardDeleted, CardIssued, CardStatusChanged, PersonErased } from '@escr/cards';
import { CardStatusCache } from '@escr/verification/application/card-status-cache.js';
import { IssuerRefreshJob } from '@escr/verification/application/issuer-refresh.job.js';
import { CardStatusReader } from '@escr/verification/infrastructure/card-status.reader.js';
import { onboardOrganisation, OnboardedOrganisation } from '../support/onboarding';
import { MutableClock } from '../support/mutable-clock';
import { startTestApp, TestApp } from '../support/test-app';
import { changeCard, deleteCard, eventually, issueCard, newEscn, recordPersonErased, setIssuerSettings } from './verification-fixtures';

const UNKNOWN_ESCN = '3e506370-826a-103d-bf76-001000000001';
const VERIFIER_KEYS = ['cardNumber', 'cardStatusType', 'cardType', 'expiresAt', 'issuer'];
const STATUS_KEYS = ['cardNumber', 'displayName', 'expiresAt', 'issuedAt', 'issuerIdentifier', 'issuerName', 'status'];

describe('verification API', () => {
  const clock = new MutableClock('2026-12-04T12:00:00Z');
  let testApp: TestApp;
  let issuer: OnboardedOrganisation;

  beforeAll(async () => {
    testApp = await startTestApp({ clock });
    issuer = await onboardOrganisation(testApp, { name: 'Universidade de Coimbra' });
  });

  afterAll(async () => {
    await testApp.close();
  });

  beforeEach(() => {
    clock.set('2026-12-04T12:00:00Z');
  });

  it('returns the verifier card with only the client fields', async () => {
    const { escn } = await issueCard(testApp, issuer, { cardType: 'SMART_CDZ', expiresAt: '2029-08-31' });

    const response = await testApp.http.get(`/esc-verifier-service/api/v1/cards/verify/${escn}`).expect(200);

    expect(Object.keys(response.body).sort()).toEqual(VERIFIER_KEYS);
    expect(Object.keys(response.body.issuer).sort()).toEqual(['identifier', 'identifierType', 'name']);
    expect(response.body).toEqual({
      cardNumber: escn,
      cardType: { key: 'SMART_CDZ', label: 'Smart card with the ESC common data zone' },
      cardStatusType: { key: 'ACTIVE', label: 'Active' },
      expiresAt: '2029-08-31',
      issuer: { identifier: issuer.pic, identifierType: { key: 'PIC', label: 'PIC' }, name: 'Universidade de Coimbra' },
    });
  });

  it('returns the V2 status with the reference fields', async () => {
    const { escn } = await issueCard(testApp, issuer);

    const response = await testApp.http.get(`/esc-rest/api/v2/cards/${escn.toUpperCase()}/status`).expect(200);

    expect(Object.keys(response.body).sort()).toEqual(STATUS_KEYS);
    expect(response.body).toEqual({
      cardNumber: escn,
      displayName: null,
      expiresAt: '2030-08-31',
      issuedAt: '2026-09-01',
      issuerIdentifier: issuer.pic,
      issuerName: 'Universidade de Coimbra',
      status: 'ACTIVE',
    });
  });

  it('answers a cached card like the first read', async () => {
    const { escn } = await issueCard(testApp, issuer);

    for (const path of [`/esc-rest/api/v2/cards/${escn}/status`, `/esc-verifier-service/api/v1/cards/verify/${escn}`]) {
      const fromDatabase = await testApp.http.get(path).expect(200);
      const fromCache = await testApp.http.get(path).expect(200);

      expect(fromCache.body).toEqual(fromDatabase.body);
      const headerNames = (headers: Record<string, unknown>) =>
        Object.keys(headers)
          .filter((name) => !['etag', 'date', 'x-request-id'].includes(name))
          .sort();
      expect(headerNames(fromCache.headers)).toEqual(headerNames(fromDatabase.headers));
      for (const name of headerNames(fromDatabase.headers)) expect([name, fromCache.headers[name]]).toEqual([name, fromDatabase.headers[name]]);
      expect(fromCache.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('writes helmet headers on raw responses', async () => {
    const { escn } = await issueCard(testApp, issuer);
    // A malformed number goes on to Fastify, where helmet sets the headers.
    const throughFastify = await testApp.http.get('/esc-rest/api/v2/cards/not-an-escn/status').expect(400);
    const lowerCased = Object.fromEntries(Object.entries(SECURITY_HEADERS).map(([name, value]) => [name.toLowerCase(), value]));

    for (const path of [`/esc-rest/api/v2/cards/${escn}/status`, `/${escn}`]) {
      const written = await testApp.http.get(path).expect(200);
      for (const [name, value] of Object.entries(lowerCased)) {
        expect([path, name, written.headers[name]]).toEqual([path, name, value]);
        expect([name, throughFastify.headers[name]]).toEqual([name, value]);
      }
    }
  });

  it('answers an unknown card with exactly ER-0001', async () => {
    const verifier = await testApp.http.get(`/esc-verifier-service/api/v1/cards/verify/${UNKNOWN_ESCN}`).expect(404);
    expect(verifier.body).toEqual({ code: 'ER-0001', message: `No card with ESCN ${UNKNOWN_ESCN}` });

    const status = await testApp.http.get(`/esc-rest/api/v2/cards/${UNKNOWN_ESCN}/status`).expect(404);
    expect(status.body).toEqual({ code: 'ER-0001', message: `No card with ESCN ${UNKNOWN_ESCN}` });
  });

  it('answers concurrent misses each with its own card', async () => {
    const cards = await Promise.all([1, 2, 3, 4].map((n) => issueCard(testApp, issuer, { expiresAt: `203${n}-08-31` })));
    const unknown = Array.from({ length: 16 }, () => newEscn(issuer.pic));
    // With every pooled connection taken, the first reads wait in the pool and the later ones queue in the
    // reader, which sends them together in one query once a connection is back.
    const pool = (testApp.app.get(DataSource).driver as unknown as { master: Pool }).master;
    const heldConnections = await Promise.all(Array.from({ length: pool.options.max ?? 0 }, () => pool.connect()));
    const queries = jest.spyOn(pool, 'query');

    const requests = Promise.all([
      Promise.all(cards.map(({ escn }) => testApp.http.get(`/esc-rest/api/v2/cards/${escn}/status`))),
      Promise.all(unknown.map((escn) => testApp.http.get(`/esc-rest/api/v2/cards/${escn}/status`))),
    ]);
    await eventually(async () => expect(queries).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const client of heldConnections) client.release();
    const [found, missing] = await requests;
    const queryCount = queries.mock.calls.length;
    queries.mockRestore();

    expect(queryCount).toBeLessThan(cards.length + unknown.length);

    cards.forEach(({ escn }, i) => {
      expect(found[i].status).toBe(200);
      expect(found[i].body).toMatchObject({ cardNumber: escn, expiresAt: `203${i + 1}-08-31`, status: 'ACTIVE' });
    });
    unknown.forEach((escn, i) => {
      expect(missing[i].status).toBe(404);
      expect(missing[i].body).toEqual({ code: 'ER-0001', message: `No card with ESCN ${escn}` });
    });
  });

  it('rejects malformed ESCNs before reading the database', async () => {
    const reads = jest.spyOn(CardStatusReader.prototype, 'find');
    const malformed = [
      'not-an-escn',
      '3e506370-826a-403d-bf76-001000000001',
      '3e506370-826a-103d-bf76-00100000000a',
      `${UNKNOWN_ESCN}0`,
      "3e506370-826a-103d-bf76-00100000000'",
    ];
    try {
      for (const value of malformed) {
        const path = encodeURIComponent(value);
        const verifier = await testApp.http.get(`/esc-verifier-service/api/v1/cards/verify/${path}`).expect(400);
        expect(verifier.body).toEqual({ code: 'ER-0100', message: expect.stringContaining('is not a European Student Card Number') });
        const status = await testApp.http.get(`/esc-rest/api/v2/cards/${path}/status`).expect(400);
        expect(status.body.code).toBe('ER-0100');
        const page = await testApp.http.get('/verify').query({ escn: value }).expect(400);
        expect(page.text).toContain('Invalid card number');
      }
      expect(reads).not.toHaveBeenCalled();
    } finally {
      reads.mockRestore();
    }
  });

  describe('privacy', () => {
    it('returns no personal data when the issuer has not opted in', async () => {
      const { escn } = await issueCard(testApp, issuer, { displayName: 'Card of Jane' });

      const status = await testApp.http.get(`/esc-rest/api/v2/cards/${escn}/status`).expect(200);
      const verifier = await testApp.http.get(`/esc-verifier-service/api/v1/cards/verify/${escn}`).expect(200);
      const page = await testApp.http.get(`/${escn}`).expect(200);

      expect(status.body.displayName).toBeNull();
      for (const text of [JSON.stringify(status.body), JSON.stringify(verifier.body), page.text]) {
        expect(text).not.toContain('Card of Jane');
        expect(text).not.toContain('Jane Holder');
        expect(text).not.toContain('jane.holder@example.eu');
        expect(text).not.toContain('personalUniqueCode');
        expect(text).not.toContain('MASTER');
        expect(text).not.toContain('academicLevel');
        expect(text).not.toContain('cardHolder');
      }
    });

    it('shows the display name only while the issuer opts in', async () => {
      const publisher = await onboardOrganisation(testApp);
      await setIssuerSettings(testApp, publisher.organisationId, { publishDisplayName: true });
      const { escn } = await issueCard(testApp, publisher, { displayName: 'Card of Jane' });

      const shown = await testApp.http.get(`/esc-rest/api/v2/cards/${escn}/status`).expect(200);
      expect(shown.body.displayName).toBe('Card of Jane');
      const verifier = await testApp.http.get(`/esc-verifier-service/api/v1/cards/verify/${escn}`).expect(200);
      expect(JSON.stringify(verifier.body)).not.toContain('Card of Jane');
      const page = await testApp.http.get(`/${escn}`).expect(200);
      expect(page.text).toContain('Card of Jane');
      expect(page.text).not.toContain('Jane Holder');

      await setIssuerSettings(testApp, publisher.organisationId, { publishDisplayName: false });
      const refreshed = await testApp.app.get(IssuerRefreshJob).run();
      expect(refreshed?.changed).toBeGreaterThanOrEqual(1);

      await eventually(async () => {
        const hidden = await testApp.http.get(`/esc-rest/api/v2/cards/${escn}/status`).expect(200);
        expect(hidden.body.displayName).toBeNull();
      });
    });
  });

  it('forgets the cards of an erased person', async () => {
    const { escn } = await issueCard(testApp, issuer);
    await testApp.http.get(`/esc-rest/api/v2/cards/${escn}/status`).expect(200);

    await recordPersonErased(testApp, [escn]);

    await eventually(async () => {
      await testApp.http.get(`/esc-rest/api/v2/cards/${escn}/status`).expect(404);
    }, 2000);
  });

  it('applies a batch in event order', async () => {
    const changed = await issueCard(testApp, issuer);
    const erased = await issueCard(testApp, issuer);
    const shortLived = { ...changed.facts, cardNumber: newEscn(issuer.pic) };
    const transactions = testApp.app.get(TransactionHost);
    await transactions.run(async () => {
      transactions.record(new CardStatusChanged({ ...changed.facts, status: 'INACTIVE' }));
      transactions.record(new CardIssued(shortLived));
      transactions.record(new CardStatusChanged({ ...changed.facts, status: 'ACTIVE', expiresAt: '2031-08-31' }));
      transactions.record(new CardDeleted({ cardNumber: shortLived.cardNumber, issuerOrganisationId: issuer.organisationId }));
      transactions.record(new PersonErased({ personId: randomUUID(), cardNumbers: [erased.escn] }));
    });
    await testApp.drainOutbox();

    const lastChange = await testApp.http.get(`/esc-rest/api/v2/cards/${changed.escn}/status`).expect(200);
    expect(lastChange.body).toMatchObject({ status: 'ACTIVE', expiresAt: '2031-08-31' });
    await testApp.http.get(`/esc-rest/api/v2/cards/${shortLived.cardNumber}/status`).expect(404);
    await testApp.http.get(`/esc-rest/api/v2/cards/${erased.escn}/status`).expect(404);
  });

  describe('events delivered out of order', () => {
    /**
     * Writes two events of one card to the outbox with the older one held back for an hour, and delivers
     * the newer one first. That happens when two instances take their batches in parallel, or when the
     * older event's first delivery failed.
     */
    async function deliverNewerFirst(older: { type: string; payload: object }, newer: { type: string; payload: object }): Promise<void> {
      const dataSource = testApp.app.get(DataSource);
      const [held] = await dataSource.query(
        `INSERT INTO kernel.outbox_event (event_type, payload, occurred_at, next_attempt_at)
         VALUES ($1, $2::jsonb, now(), now() + interval '1 hour') RETURNING id`,
        [older.type, JSON.stringify(older.payload)],
      );
      await dataSource.query('INSERT INTO kernel.outbox_event (event_type, payload, occurred_at) VALUES ($1, $2::jsonb, now())', [
        newer.type,
        JSON.stringify(newer.payload),
      ]);
      await testApp.drainOutbox();
      await dataSource.query('UPDATE kernel.outbox_event SET next_attempt_at = now() WHERE id = $1', [held.id]);
      await testApp.drainOutbox();
    }

    it('keeps a newer status', async () => {
      const facts = { ...(await issueCard(testApp, issuer)).facts, cardNumber: newEscn(issuer.pic) };

      await deliverNewerFirst(
        { type: CardIssued.eventType, payload: facts },
        { type: CardStatusChanged.eventType, payload: { ...facts, status: 'INACTIVE' } },
      );

      const response = await testApp.http.get(`/esc-rest/api/v2/cards/${facts.cardNumber}/status`).expect(200);
      expect(response.body.status).toBe('INACTIVE');
    });

    it('keeps a removed card removed', async () => {
      const facts = { ...(await issueCard(testApp, issuer)).facts, cardNumber: newEscn(issuer.pic) };

      await deliverNewerFirst(
        { type: CardStatusChanged.eventType, payload: facts },
        { type: CardDeleted.eventType, payload: { cardNumber: facts.cardNumber, issuerOrganisationId: issuer.organisationId } },
      );

      await testApp.http.get(`/esc-rest/api/v2/cards/${facts.cardNumber}/status`).expect(404);
    });
  });

  describe('logo transition and expiry', () => {
    it('invalidates previous-logo cards from 2028-01-01', async () => {
      const { escn } = await issueCard(testApp, issuer, { issuedAt: '2026-09-01', expiresAt: '2030-08-31' });

      clock.set('2027-12-31T23:59:59Z');
      const lastDay = await testApp.http.get(`/esc-verifier-service/api/v1/cards/verify/${escn}`).expect(200);
      expect(lastDay.body.cardStatusType).toEqual({ key: 'ACTIVE', label: 'Active' });

      clock.set('2028-01-01T00:00:00Z');
      const verifier = await testApp.http.get(`/esc-verifier-service/api/v1/cards/verify/${escn}`).expect(200);
      expect(verifier.body.cardStatusType.key).toBe('INACTIVE');
      expect(verifier.body.cardStatusType.label).toContain('previous ESC logo');
      expect(verifier.body.expiresAt).toBe('2030-08-31');
      const status = await testApp.http.get(`/esc-rest/api/v2/cards/${escn}/status`).expect(200);
      expect(status.body.status).toBe('INACTIVE');
    });

    it('keeps new-logo cards valid after 2027', async () => {
      const modern = await onboardOrganisation(testApp);
      await setIssuerSettings(testApp, modern.organisationId, { newLogoAt: '2026-06-01' });
      const newLogo = await issueCard(testApp, modern, { issuedAt: '2026-06-01', expiresAt: '2030-08-31' });
      const previousLogo = await issueCard(testApp, modern, { issuedAt: '2026-05-31', expiresAt: '2030-08-31' });

      clock.set('2028-03-01T10:00:00Z');
      const valid = await testApp.http.get(`/esc-rest/api/v2/cards/${newLogo.escn}/status`).expect(200);
      expect(valid.body.status).toBe('ACTIVE');
      const retired = await testApp.http.get(`/esc-rest/api/v2/cards/${previousLogo.escn}/status`).expect(200);
      expect(retired.body.status).toBe('INACTIVE');
    });

    it('reports EXPIRED after the expiry date', async () => {
      const { escn } = await issueCard(testApp, issuer, { issuedAt: '2026-09-01', expiresAt: '2027-03-31' });

      clock.set('2027-03-31T23:00:00Z');
      await testApp.http.get(`/esc-rest/api/v2/cards/${escn}/status`).expect(200).expect(({ body }) => expect(body.status).toBe('ACTIVE'));

      clock.set('2027-04-01T00:00:00Z');
      const status = await testApp.http.get(`/esc-rest/api/v2/cards/${escn}/status`).expect(200);
      expect(status.body.status).toBe('EXPIRED');
      const verifier = await testApp.http.get(`/esc-verifier-service/api/v1/cards/verify/${escn}`).expect(200);
      expect(verifier.body.cardStatusType).toEqual({ key: 'EXPIRED', label: 'Expired' });
    });
  });

  describe('routing of the public pages', () => {
    it('serves the card page only for ESCN-shaped paths', async () => {
      const { escn } = await issueCard(testApp, issuer);

      const page = await testApp.http.get(`/${escn}`).expect(200);
      await testApp.http.get(`/${escn}/`).expect(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['content-security-policy']).toContain("default-src 'none'");
      expect(page.text).toContain('Valid');
      expect(page.text).toContain('Universidade de Coimbra');

      const unknown = await testApp.http.get(`/${UNKNOWN_ESCN}`).expect(404);
      expect(unknown.text).toContain('Card not found');

      await testApp.http.get('/health').expect(200);
      const notAnEscn = await testApp.http.get('/abcdefabcdefabcdefabcdefabcdefabcdef').expect(404);
      expect(notAnEscn.body.code).toBe('ER-0404');
      const version4 = await testApp.http.get('/3e506370-826a-403d-bf76-001000000001').expect(404);
      expect(version4.body.code).toBe('ER-0404');
    });

    it('serves the search form without a number', async () => {
      const page = await testApp.http.get('/verify').expect(200);

      expect(page.text).toContain('<form method="get" action="/verify">');
      expect(page.text).not.toContain('class="result');
    });
  });
});

describe('verification cache across instances', () => {
  let first: TestApp;
  let second: TestApp;
  let issuer: OnboardedOrganisation;

  beforeAll(async () => {
    const env = { JWT_SECRET: 'verification-e2e-shared-secret-0123456789abcdef0123456789' };
    first = await startTestApp({ env });
    second = await startTestApp({ env, database: first.database });
    issuer = await onboardOrganisation(first);
  });

  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('shows a change made through A on the next read through B', async () => {
    const card = await issueCard(first, issuer);
    const { escn } = card;
    // Either instance's dispatcher may deliver the event, so B returns the new card once it is committed.
    await eventually(async () => {
      await second.http.get(`/esc-rest/api/v2/cards/${escn}/status`).expect(200);
    }, 2000);
    await second.http.get(`/esc-rest/api/v2/cards/${escn}/status`).expect(200);
    expect(second.app.get(CardStatusCache).get(escn)).toEqual({ value: expect.objectContaining({ status: 'ACTIVE' }) });

    await changeCard(first, card, { cardStatusType: 'INACTIVE' });

    await eventually(async () => {
      const status = await second.http.get(`/esc-rest/api/v2/cards/${escn}/status`).expect(200);
      expect(status.body.status).toBe('INACTIVE');
    }, 2000);

    await deleteCard(first, card);

    await eventually(async () => {
      const gone = await second.http.get(`/esc-verifier-service/api/v1/cards/verify/${escn}`).expect(404);
      expect(gone.body.code).toBe('ER-0001');
    }, 2000);
  });

  it('empties the cache when the listener reconnects', async () => {
    const card = await issueCard(first, issuer);
    const { escn } = card;
    await eventually(async () => {
      await second.http.get(`/esc-rest/api/v2/cards/${escn}/status`).expect(200);
    }, 2000);
    await second.http.get(`/esc-rest/api/v2/cards/${escn}/status`).expect(200);
    const cache = second.app.get(CardStatusCache);
    expect(cache.get(escn)).toBeDefined();

    // Both instances' listeners lose their connection, so the NOTIFY of the next change reaches neither.
    await first.app
      .get(DataSource)
      .query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name = 'esc-router-verification-listener' AND datname = current_database()`,
      );
    await eventually(async () => expect(cache.isLive).toBe(false), 2000);
    await changeCard(first, card, { cardStatusType: 'INACTIVE' });

    const during = await second.http.get(`/esc-rest/api/v2/cards/${escn}/status`).expect(200);
    expect(during.body.status).toBe('INACTIVE');
    await eventually(async () => expect(cache.isLive).toBe(true), 5000);
    expect(cache.get(escn)).toBeUndefined();
    const after = await second.http.get(`/esc-rest/api/v2/cards/${escn}/status`).expect(200);
    expect(after.body.status).toBe('INACTIVE');
  });

  it('shows a card created after B cached its absence', async () => {
    const escn = newEscn(issuer.pic);
    await second.http.get(`/esc-rest/api/v2/cards/${escn}/status`).expect(404);
    expect(second.app.get(CardStatusCache).get(escn)).toEqual({ value: null });

    await issueCard(first, issuer, { cardNumber: escn });

    await eventually(async () => {
      await second.http.get(`/esc-rest/api/v2/cards/${escn}/status`).expect(200);
    }, 2000);
  });
});
