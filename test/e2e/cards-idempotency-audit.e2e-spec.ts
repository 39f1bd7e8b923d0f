import { DataSource } from 'typeorm';
import { IdempotencyCleanupJob } from '@escr/cards/application/idempotency-cleanup.job.js';
import { onboardOrganisation, OnboardedOrganisation } from '../support/onboarding';
import { MutableClock } from '../support/mutable-clock';
import { startTestApp, TestApp } from '../support/test-app';
import { cardRequest, esiOf, personRequest } from './cards-fixtures';

const V2 = '/esc-rest/api/v2';
const HOUR = 3600 * 1000;

describe('cards API V2: idempotency keys and audit trail', () => {
  let testApp: TestApp;
  let clock: MutableClock;
  let university: OnboardedOrganisation;
  let other: OnboardedOrganisation;

  beforeAll(async () => {
    clock = new MutableClock();
    testApp = await startTestApp({ clock });
    university = await onboardOrganisation(testApp);
    other = await onboardOrganisation(testApp);
  });

  afterAll(async () => {
    await testApp.close();
  });

  function post(organisation: OnboardedOrganisation, path: string, body: object, key?: string) {
    const request = testApp.http.post(`${V2}${path}`).set('Authorization', `Bearer ${organisation.apiToken}`);
    if (key !== undefined) request.set('Idempotency-Key', key);

    return request.send(body);
  }

  function auditOf(organisation: OnboardedOrganisation, query = '') {
    return testApp.http.get(`/api/organisations/${organisation.organisationId}/cards-audit${query}`).set('Authorization', `Bearer ${organisation.adminAccessToken}`);
  }

  describe('Idempotency-Key', () => {
    it('replays the stored response of a repeated POST', async () => {
      const body = personRequest(university, esiOf(university.pic, '001'));
      const first = await post(university, '/persons', body, 'person-001').expect(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();

      const replay = await post(university, '/persons', body, 'person-001').expect(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual(first.body);

      const card = cardRequest(university, body.identifier);
      const issued = await post(university, '/cards', card, 'card-001').expect(201);
      const reissued = await post(university, '/cards', card, 'card-001').expect(201);
      expect(reissued.body).toEqual(issued.body);
      const list = await testApp.http.get(`${V2}/cards`).set('Authorization', `Bearer ${university.apiToken}`).expect(200);
      expect(list.body.page.totalElements).toBe(1);
    });

    it('answers 422 for the same key with another body', async () => {
      await post(university, '/persons', personRequest(university, esiOf(university.pic, '002')), 'person-002').expect(201);
      const reused = await post(university, '/persons', personRequest(university, esiOf(university.pic, '003')), 'person-002').expect(422);
      expect(reused.body).toEqual({
        code: 'ER-0010',
        message: 'Idempotency-Key person-002 was already used with a different request; send a new key for a new request',
      });
    });

    it('answers 422 or 409 for a key still in flight', async () => {
      await testApp.app
        .get(DataSource)
        .query('INSERT INTO cards.idempotency_key (organisation_id, key, request_hash, created_at) VALUES ($1, $2, $3, now())', [
          university.organisationId,
          'in-flight',
          'hash of a request still running',
        ]);
      const response = await post(university, '/persons', personRequest(university, esiOf(university.pic, '004')), 'in-flight').expect(422);
      expect(response.body.code).toBe('ER-0010');

      const body = personRequest(university, esiOf(university.pic, '005'));
      await testApp.app
        .get(DataSource)
        .query(
          `INSERT INTO cards.idempotency_key (organisation_id, key, request_hash, created_at)
           VALUES ($1, 'running', encode(sha256(convert_to($2, 'UTF8')), 'hex'), now())`,
          [university.organisationId, `POST ${V2}/persons\n${JSON.stringify(body)}`],
        );
      const running = await post(university, '/persons', body, 'running').expect(409);
      expect(running.body).toEqual({ code: 'ER-0011', message: 'A request with Idempotency-Key running is still being processed; retry later' });
    });

    it('releases the key of a failed request', async () => {
      const esi = esiOf(university.pic, '006');
      await post(university, '/persons', { ...personRequest(university, esi), identifierCode: 'NIN' }, 'retry-me').expect(400);
      const retried = await post(university, '/persons', personRequest(university, esi), 'retry-me').expect(201);
      expect(retried.headers['idempotent-replayed']).toBeUndefined();
    });

    it('scopes keys per organisation', async () => {
      await post(other, '/persons', personRequest(other, esiOf(other.pic, '001')), 'person-001').expect(201);
    });

    it('rejects a malformed key', async () => {
      const response = await post(university, '/persons', personRequest(university, esiOf(university.pic, '007')), 'x'.repeat(256)).expect(400);
      expect(response.body.message).toBe('Idempotency-Key: must be 1 to 255 visible ASCII characters');
    });

    it('skips the cleanup while another instance holds its lock', async () => {
      const other = testApp.app.get(DataSource).createQueryRunner();
      await other.connect();
      try {
        await other.query("SELECT pg_advisory_lock(hashtextextended('cards.idempotency-key-cleanup', 0))");
        expect(await testApp.app.get(IdempotencyCleanupJob).run()).toBeNull();
        await other.query("SELECT pg_advisory_unlock(hashtextextended('cards.idempotency-key-cleanup', 0))");
        expect(await testApp.app.get(IdempotencyCleanupJob).run()).toBe(0);
      } finally {
        await other.release();
      }
    });

    it('forgets keys after 24 hours and cleans them up', async () => {
      const esi = esiOf(university.pic, '008');
      await post(university, '/persons', personRequest(university, esi), 'daily').expect(201);
      clock.advance(25 * HOUR);
      try {
        const fresh = await post(university, '/persons', personRequest(university, esiOf(university.pic, '009')), 'daily').expect(201);
        expect(fresh.headers['idempotent-replayed']).toBeUndefined();

        const deleted = await testApp.app.get(IdempotencyCleanupJob).run();
        expect(deleted).toBeGreaterThanOrEqual(3);
        const [{ count }] = await testApp.app
          .get(DataSource)
          .query('SELECT count(*)::int AS count FROM cards.idempotency_key WHERE organisation_id = $1', [university.organisationId]);
        expect(count).toBe(1);
      } finally {
        clock.advance(-25 * HOUR);
      }
    });
  });

  describe('audit trail', () => {
    it('records who changed which fields', async () => {
      const auditor = await onboardOrganisation(testApp);
      const esi = esiOf(auditor.pic, '100');
      await post(auditor, '/persons', personRequest(auditor, esi)).expect(201);
      const card = await post(auditor, '/cards', cardRequest(auditor, esi)).expect(201);
      const escn = card.body.cardNumber as string;
      await testApp.http
        .put(`${V2}/cards/${escn}`)
        .set('Authorization', `Bearer ${auditor.adminAccessToken}`)
        .send(cardRequest(auditor, esi, { cardStatusType: 'INACTIVE' }))
        .expect(200);
      await testApp.http.delete(`${V2}/cards/${escn}`).set('Authorization', `Bearer ${auditor.apiToken}`).expect(204);

      const audit = await auditOf(auditor).expect(200);
      expect(audit.body.page).toEqual({ number: 0, size: 10, totalElements: 4, totalPages: 1 });
      const [deleted, updated, created, linked] = audit.body.content;
      expect(linked).toMatchObject({
        actorType: 'api-token',
        subjectType: 'PERSON_LINK',
        subjectKey: esi,
        action: 'CREATE',
        before: null,
        after: { fullName: 'Jane Doe', email: 'jane@example.eu', academicLevel: 'MASTER' },
      });
      expect(created).toMatchObject({ subjectType: 'CARD', subjectKey: escn, action: 'CREATE', before: null });
      expect(created.after).toEqual({
        cardStatusType: 'ACTIVE',
        cardType: 'PASSIVE',
        displayName: 'Card of John',
        issuedAt: '2026-01-01',
        expiresAt: '2031-12-31',
        personIdentifier: esi,
        processorIdentifier: null,
      });
      expect(updated).toMatchObject({
        actorType: 'user',
        subjectType: 'CARD',
        action: 'UPDATE',
        before: { cardStatusType: 'ACTIVE' },
        after: { cardStatusType: 'INACTIVE' },
      });
      expect(deleted).toMatchObject({ actorType: 'api-token', subjectType: 'CARD', action: 'DELETE', after: null });
      expect(deleted.before.cardStatusType).toBe('INACTIVE');
      for (const entry of audit.body.content) {
        expect(Object.keys(entry).sort()).toEqual(['action', 'actorId', 'actorType', 'after', 'before', 'id', 'occurredAt', 'subjectKey', 'subjectType']);
        expect(entry.actorId).toEqual(expect.any(String));
      }

      const paged = await auditOf(auditor, '?page=1&size=3').expect(200);
      expect(paged.body.page).toEqual({ number: 1, size: 3, totalElements: 4, totalPages: 2 });
      expect(paged.body.content.map((entry: { id: number }) => entry.id)).toEqual([linked.id]);
    });

    it('removes personal data from the entries of an erased person', async () => {
      const auditor = await onboardOrganisation(testApp);
      const esi = esiOf(auditor.pic, '200');
      await post(auditor, '/persons', personRequest(auditor, esi)).expect(201);
      await post(auditor, '/cards', cardRequest(auditor, esi)).expect(201);
      await testApp.http.delete(`${V2}/persons/${encodeURIComponent(esi)}`).set('Authorization', `Bearer ${auditor.apiToken}`).expect(204);

      const audit = await auditOf(auditor).expect(200);
      expect(JSON.stringify(audit.body)).not.toContain(esi);
      expect(JSON.stringify(audit.body)).not.toContain('Jane Doe');
      expect(audit.body.content[0]).toMatchObject({ subjectKey: null, before: null, after: null });
      expect(audit.body.content[1].before).toEqual({ cardStatusType: 'ACTIVE', cardType: 'PASSIVE', issuedAt: '2026-01-01', expiresAt: '2031-12-31' });
      expect(audit.body.content.map((entry: { subjectType: string; action: string }) => `${entry.subjectType} ${entry.action}`)).toEqual([
        'PERSON DELETE',
        'CARD DELETE',
        'PERSON_LINK DELETE',
        'CARD CREATE',
        'PERSON_LINK CREATE',
      ]);
    });

    it('is readable only by the organisation itself', async () => {
      const response = await testApp.http
        .get(`/api/organisations/${university.organisationId}/cards-audit`)
        .set('Authorization', `Bearer ${other.adminAccessToken}`)
        .expect(403);
      expect(response.body.code).toBe('SE-0004');
      await testApp.http.get(`/api/organisations/${university.organisationId}/cards-audit`).set('Authorization', `Bearer ${university.apiToken}`).expect(403);
      const bad = await auditOf(university, '?size=abc').expect(400);
      expect(bad.body.message).toBe('size: abc is not a whole number');
    });
  });
});
