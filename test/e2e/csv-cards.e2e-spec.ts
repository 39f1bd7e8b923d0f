import { Client } from 'pg';
import { onboardOrganisation, OnboardedOrganisation } from '../support/onboarding';
import { startTestApp, TestApp } from '../support/test-app';

const CONFIG = '/esc-rest/api/v2/cards/csv-config';
const VALIDATE = '/esc-rest/api/v2/cards/validate-csv';
const HEADER = 'personIdentifier,cardNumber,issuerIdentifier,cardType,cardStatusType,issuedAt,expiresAt,displayName,processorIdentifier';
/** CSV_MAX_BYTES of the test app, small enough to exceed in a test. */
const MAX_BYTES = 4096;

function esiOf(organisation: OnboardedOrganisation, suffix: string): string {
  return `urn:schac:personalUniqueCode:int:esi:fr:${organisation.pic}${suffix}`;
}

function cardRow(organisation: OnboardedOrganisation, suffix: string, cardNumber = '', displayName = 'Card of John'): string {
  return [esiOf(organisation, suffix), cardNumber, organisation.pic, 'SMART_PASSIVE', 'ACTIVE', '2026-09-01', '2030-08-31', displayName, ''].join(',');
}

describe('CSV layout, validation and import', () => {
  let testApp: TestApp;
  let issuer: OnboardedOrganisation;
  let database: Client;

  async function cardCount(organisation: OnboardedOrganisation): Promise<number> {
    const result = await database.query('SELECT count(*)::int AS count FROM cards.card WHERE issuer_organisation_id = $1', [
      organisation.organisationId,
    ]);

    return result.rows[0].count;
  }

  async function registerPerson(organisation: OnboardedOrganisation, suffix: string): Promise<void> {
    await testApp.http
      .post('/esc-rest/api/v2/persons')
      .auth(organisation.apiToken, { type: 'bearer' })
      .send({ identifier: esiOf(organisation, suffix), personOrganisationUpdateViews: [{ organisationIdentifier: organisation.pic }] })
      .expect(201);
  }

  function validate(operation: string, content: string | Buffer, contentType = 'text/csv') {
    return testApp.http
      .post(VALIDATE)
      .query({ operation })
      .auth(issuer.apiToken, { type: 'bearer' })
      .attach('file', Buffer.from(content), { filename: 'cards.csv', contentType });
  }

  function importFile(organisation: OnboardedOrganisation, operation: string, content: string, token = organisation.apiToken) {
    return testApp.http
      .post(`/api/organisations/${organisation.organisationId}/card-imports`)
      .query({ operation })
      .auth(token, { type: 'bearer' })
      .attach('file', Buffer.from(content), { filename: 'cards.csv', contentType: 'text/csv' });
  }

  beforeAll(async () => {
    testApp = await startTestApp({ env: { CSV_MAX_BYTES: String(MAX_BYTES) } });
    issuer = await onboardOrganisation(testApp);
    database = new Client({ connectionString: testApp.database.url });
    await database.connect();
  });

  afterAll(async () => {
    await database.end();
    await testApp.close();
  });

  describe('csv-config', () => {
    it('returns the column layout', async () => {
      const response = await testApp.http.get(CONFIG).auth(issuer.apiToken, { type: 'bearer' }).expect(200);

      expect(response.body).toEqual({
        personIdentifier: 0,
        cardNumber: 1,
        issuerIdentifier: 2,
        cardType: 3,
        cardStatusType: 4,
        issuedAt: 5,
        expiresAt: 6,
        displayName: 7,
        processorIdentifier: 8,
      });
    });

    it('requires a token', async () => {
      const response = await testApp.http.get(CONFIG).expect(401);

      expect(Object.keys(response.body).sort()).toEqual(['code', 'message']);
    });
  });

  describe('validate-csv', () => {
    it('returns an empty array for a valid file', async () => {
      const content = [HEADER, cardRow(issuer, '1'), cardRow(issuer, '2', '4b171400-b51e-103d-9234-001123456789')].join('\n');
      const response = await validate('CREATE', content).expect(200);

      expect(response.body).toEqual([]);
    });

    it('reads semicolons, a byte order mark and CRLF', async () => {
      const row = cardRow(issuer, '1', '', '"Card; of Zoë"').split(',').join(';');
      const content = `\uFEFF${HEADER.split(',').join(';')}\r\n${row}\r\n`;
      const response = await validate('CREATE', content).expect(200);

      expect(response.body).toEqual([]);
    });

    it('lists every problem with its row number', async () => {
      const content = [
        HEADER,
        cardRow(issuer, '1'),
        cardRow(issuer, '2').replace('2030-08-31', '31/08/2030'),
        cardRow(issuer, '3').replace('SMART_PASSIVE', 'PLASTIC').replace(`,${issuer.pic},`, ',12345,'),
      ].join('\n');
      const response = await validate('CREATE', content).expect(200);

      expect(response.body).toEqual([
        {
          rowNumber: 3,
          fieldName: 'expiresAt',
          errorMessage: 'must be a date in the form yyyy-MM-dd, for example 2030-12-31',
          params: { value: '31/08/2030' },
        },
        { rowNumber: 4, fieldName: 'issuerIdentifier', errorMessage: 'must be the issuer PIC: exactly 9 digits', params: { value: '12345' } },
        expect.objectContaining({ rowNumber: 4, fieldName: 'cardType', params: expect.objectContaining({ value: 'PLASTIC' }) }),
      ]);
    });

    it('checks DELETE files for card numbers only', async () => {
      const content = 'cardNumber\n4b171400-b51e-103d-9234-001123456789\nnot-an-escn\n';
      const response = await validate('DELETE', content).expect(200);

      expect(response.body).toHaveLength(1);
      expect(response.body[0]).toMatchObject({ rowNumber: 3, fieldName: 'cardNumber' });
    });

    it('reports a missing column on row 1', async () => {
      const response = await validate('UPDATE', `${HEADER.replace('cardNumber,', '')}\n`).expect(200);

      expect(response.body).toEqual([
        { rowNumber: 1, fieldName: 'cardNumber', errorMessage: 'missing column, which UPDATE needs', params: { operation: 'UPDATE' } },
      ]);
    });

    it('writes nothing', async () => {
      const before = await cardCount(issuer);
      await registerPerson(issuer, '90');
      await validate('CREATE', [HEADER, cardRow(issuer, '90')].join('\n')).expect(200);

      expect(await cardCount(issuer)).toBe(before);
    });

    it('rejects an unknown operation with 400', async () => {
      const response = await validate('MERGE', `${HEADER}\n`).expect(400);

      expect(response.body).toEqual({ code: 'ER-0100', message: 'operation: must be one of CREATE, UPDATE, DELETE' });
    });

    it('rejects a request without the file part with 400', async () => {
      const response = await testApp.http
        .post(VALIDATE)
        .query({ operation: 'CREATE' })
        .auth(issuer.apiToken, { type: 'bearer' })
        .field('other', 'x')
        .expect(400);

      expect(response.body.code).toBe('CSV-0001');
      expect(response.body.message).toContain('file');
    });

    it('rejects a file over the size limit with 413', async () => {
      const response = await validate('CREATE', `${HEADER}\n${'x'.repeat(MAX_BYTES)}`).expect(413);

      expect(response.body.code).toBe('CSV-0003');
      expect(response.body.message).toContain(`${MAX_BYTES} bytes`);
    });

    it('rejects a part that is not CSV with 415', async () => {
      const response = await validate('CREATE', Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'image/png').expect(415);

      expect(response.body.code).toBe('CSV-0002');
    });

    it('reports a file that is not UTF-8', async () => {
      const response = await validate('CREATE', Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.from([0xff, 0xfe])])).expect(200);

      expect(response.body).toHaveLength(1);
      expect(response.body[0].errorMessage).toContain('not valid UTF-8');
    });
  });

  describe('card import', () => {
    it('creates every card of a valid file', async () => {
      await registerPerson(issuer, '10');
      await registerPerson(issuer, '11');
      const before = await cardCount(issuer);
      const content = [HEADER, cardRow(issuer, '10'), cardRow(issuer, '11')].join('\n');

      const response = await importFile(issuer, 'CREATE', content).expect(201);

      expect(response.body).toMatchObject({ operation: 'CREATE', rowCount: 2, created: 2 });
      expect(response.body.cardNumbers).toHaveLength(2);
      expect(await cardCount(issuer)).toBe(before + 2);
      const stored = await database.query('SELECT display_name FROM cards.card WHERE escn = $1', [response.body.cardNumbers[0]]);
      expect(stored.rows[0].display_name).toBe('Card of John');
    });

    it('accepts the access token of a member', async () => {
      await registerPerson(issuer, '12');

      await importFile(issuer, 'CREATE', [HEADER, cardRow(issuer, '12')].join('\n'), issuer.adminAccessToken).expect(201);
    });

    it('imports nothing when a row fails while applied', async () => {
      await registerPerson(issuer, '20');
      const before = await cardCount(issuer);
      const content = [HEADER, cardRow(issuer, '20'), cardRow(issuer, '21-unregistered')].join('\n');

      const response = await importFile(issuer, 'CREATE', content).expect(404);

      expect(response.body.code).toBe('ER-0003');
      expect(response.body.message).toContain('row 3');
      expect(await cardCount(issuer)).toBe(before);
    });

    it('imports nothing when a row is invalid', async () => {
      await registerPerson(issuer, '30');
      const before = await cardCount(issuer);
      const content = [HEADER, cardRow(issuer, '30'), cardRow(issuer, '30').replace('ACTIVE', 'LOST')].join('\n');

      const response = await importFile(issuer, 'CREATE', content).expect(400);

      expect(response.body.code).toBe('CSV-0005');
      expect(response.body.message).toContain('row 3 cardStatusType');
      expect(await cardCount(issuer)).toBe(before);
    });

    it('rejects a card number already stored with 409', async () => {
      await registerPerson(issuer, '40');
      const first = await importFile(issuer, 'CREATE', [HEADER, cardRow(issuer, '40')].join('\n')).expect(201);
      const before = await cardCount(issuer);
      const content = [HEADER, cardRow(issuer, '40'), cardRow(issuer, '40', first.body.cardNumbers[0])].join('\n');

      const response = await importFile(issuer, 'CREATE', content).expect(409);

      expect(response.body.code).toBe('ER-0002');
      expect(response.body.message).toContain('row 3');
      expect(await cardCount(issuer)).toBe(before);
    });

    it('forbids importing for another organisation', async () => {
      const other = await onboardOrganisation(testApp);

      const response = await importFile(other, 'CREATE', `${HEADER}\n`, issuer.apiToken).expect(403);

      expect(response.body.code).toBe('SE-0004');
    });

    it('updates and deletes the cards of a file', async () => {
      await registerPerson(issuer, '50');
      const created = await importFile(issuer, 'CREATE', [HEADER, cardRow(issuer, '50'), cardRow(issuer, '50')].join('\n')).expect(201);
      const [first, second] = created.body.cardNumbers as string[];

      const update = [HEADER, cardRow(issuer, '50', first, 'Renamed').replace(',ACTIVE,', ',INACTIVE,')].join('\n');
      const updated = await importFile(issuer, 'UPDATE', update).expect(201);
      expect(updated.body).toMatchObject({ operation: 'UPDATE', rowCount: 1, created: 0, updated: 1, deleted: 0, cardNumbers: [first] });
      const stored = await database.query('SELECT status, display_name FROM cards.card WHERE escn = $1', [first]);
      expect(stored.rows[0]).toEqual({ status: 'INACTIVE', display_name: 'Renamed' });

      const deleted = await importFile(issuer, 'DELETE', `cardNumber\n${first}\n${second}\n`).expect(201);
      expect(deleted.body).toMatchObject({ operation: 'DELETE', rowCount: 2, deleted: 2 });
      const remaining = await database.query('SELECT count(*)::int AS count FROM cards.card WHERE escn = ANY($1) AND deleted_at IS NULL', [[first, second]]);
      expect(remaining.rows[0].count).toBe(0);
    });

    it('deletes nothing when one card is unknown', async () => {
      await registerPerson(issuer, '60');
      const created = await importFile(issuer, 'CREATE', [HEADER, cardRow(issuer, '60')].join('\n')).expect(201);
      const [escn] = created.body.cardNumbers as string[];
      const unknown = `4b171400-b51e-103d-9234-001${issuer.pic}`;

      const response = await importFile(issuer, 'DELETE', `cardNumber\n${escn}\n${unknown}\n`).expect(404);

      expect(response.body.code).toBe('ER-0001');
      expect(response.body.message).toContain('row 3');
      const stored = await database.query('SELECT deleted_at FROM cards.card WHERE escn = $1', [escn]);
      expect(stored.rows[0].deleted_at).toBeNull();
    });
  });
});
