import { onboardOrganisation, OnboardedOrganisation } from '../support/onboarding';
import { startTestApp, TestApp } from '../support/test-app';

const V1 = '/esc-rest/api/v1';

describe('deprecated API V1', () => {
  let testApp: TestApp;
  let issuer: OnboardedOrganisation;

  function esiOf(suffix: string): string {
    return `urn:schac:personalUniqueCode:int:esi:fr:${issuer.pic}${suffix}`;
  }

  function student(suffix: string, overrides: Record<string, unknown> = {}) {
    return {
      europeanStudentIdentifier: esiOf(suffix),
      picInstitutionCode: Number(issuer.pic),
      emailAddress: `student${suffix}@example.com`,
      expiryDate: '2030-08-31',
      name: 'John Smith',
      phoneNumber: '600000000',
      academicLevel: 7,
      ...overrides,
    };
  }

  async function generateEscn(): Promise<string> {
    const response = await testApp.http.get('/esc-rest/api/v2/cards/generate-escn').query({ prefix: 1, pic: issuer.pic }).expect(200);

    return response.body[0] as string;
  }

  beforeAll(async () => {
    testApp = await startTestApp();
    issuer = await onboardOrganisation(testApp);
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('adds and retrieves a student with V1 fields', async () => {
    const created = await testApp.http.post(`${V1}/students`).auth(issuer.apiToken, { type: 'bearer' }).send(student('1')).expect(201);

    expect(created.body).toEqual({
      europeanStudentIdentifier: esiOf('1'),
      picInstitutionCode: issuer.pic,
      emailAddress: 'student1@example.com',
      expiryDate: '2030-08-31T00:00:00.000Z',
      name: 'John Smith',
      phoneNumber: '600000000',
      academicLevel: 7,
      cards: [],
    });

    const retrieved = await testApp.http.get(`${V1}/students/${encodeURIComponent(esiOf('1'))}`).auth(issuer.apiToken, { type: 'bearer' }).expect(200);
    expect(retrieved.body).toEqual(created.body);
  });

  it('shows a V1 student through API V2', async () => {
    await testApp.http.post(`${V1}/students`).auth(issuer.apiToken, { type: 'bearer' }).send(student('2', { academicLevel: 8 })).expect(201);

    const person = await testApp.http.get(`/esc-rest/api/v2/persons/${encodeURIComponent(esiOf('2'))}`).auth(issuer.apiToken, { type: 'bearer' }).expect(200);

    expect(person.body.organisations[0]).toMatchObject({
      academicLevel: { key: 'DOCTORATE' },
      contactPoint: { email: 'student2@example.com' },
      fullName: 'John Smith',
    });
  });

  it('answers a repeated student with 409', async () => {
    await testApp.http.post(`${V1}/students`).auth(issuer.apiToken, { type: 'bearer' }).send(student('3')).expect(201);

    const response = await testApp.http.post(`${V1}/students`).auth(issuer.apiToken, { type: 'bearer' }).send(student('3')).expect(409);

    expect(response.body.code).toBe('ER-0019');
  });

  it.each([
    ['academicLevel', { academicLevel: 5 }, 'academicLevel: must be 6 (bachelor), 7 (master) or 8 (doctorate)'],
    ['expiryDate', { expiryDate: '31/08/2030' }, 'expiryDate: must be a date in the form yyyy-MM-dd'],
    ['picInstitutionCode', { picInstitutionCode: '12345' }, 'picInstitutionCode: must be the PIC of the organisation: exactly 9 digits'],
    ['emailAddress', { emailAddress: undefined }, 'emailAddress: is required'],
  ])('rejects a bad %s with 400', async (_field, overrides, message) => {
    const response = await testApp.http.post(`${V1}/students`).auth(issuer.apiToken, { type: 'bearer' }).send(student('4', overrides)).expect(400);

    expect(Object.keys(response.body).sort()).toEqual(['code', 'message']);
    expect(response.body.message).toContain(message);
  });

  it('adds, retrieves, lists and deletes a card', async () => {
    await testApp.http.post(`${V1}/students`).auth(issuer.apiToken, { type: 'bearer' }).send(student('5')).expect(201);
    const escn = await generateEscn();
    const path = `${V1}/students/${encodeURIComponent(esiOf('5'))}/cards`;

    const added = await testApp.http
      .post(path)
      .auth(issuer.apiToken, { type: 'bearer' })
      .send({ europeanStudentCardNumber: escn, cardType: 3, cardUid: '04A1B2C3D4E5F6' })
      .expect(201);
    expect(added.headers['content-type']).toContain('application/json');
    expect(added.body).toBe(escn);

    const card = await testApp.http.get(`${path}/${escn}`).auth(issuer.apiToken, { type: 'bearer' }).expect(200);
    expect(card.body).toMatchObject({ europeanStudentCardNumber: escn, cardType: 3, cardUid: '04A1B2C3D4E5F6' });
    expect(card.body.student).toMatchObject({ europeanStudentIdentifier: esiOf('5'), academicLevel: 7 });
    expect(card.body.student.cards).toEqual([{ europeanStudentCardNumber: escn, cardType: 3, cardUid: '04A1B2C3D4E5F6' }]);

    const v2 = await testApp.http.get(`/esc-rest/api/v2/cards/${escn}`).auth(issuer.apiToken, { type: 'bearer' }).expect(200);
    expect(v2.body).toMatchObject({ cardType: { key: 'SMART_CDZ' }, cardStatusType: { key: 'ACTIVE' }, expiresAt: '2030-08-31' });

    const status = await testApp.http.get(`${V1}/cards/status/${escn}`).auth(issuer.apiToken, { type: 'bearer' }).expect(200);
    expect(status.body).toEqual({
      europeanStudentCardNumber: escn,
      europeanStudentIdentifier: esiOf('5'),
      picInstitutionCode: issuer.pic,
      status: 'ACTIVE',
      expiryDate: '2030-08-31',
      academicLevel: 7,
    });

    const list = await testApp.http.get(`${V1}/cards`).query({ offset: 0, limit: 50 }).auth(issuer.apiToken, { type: 'bearer' }).expect(200);
    expect(list.body.map((item: { europeanStudentCardNumber: string }) => item.europeanStudentCardNumber)).toContain(escn);

    await testApp.http.delete(`${path}/${escn}`).auth(issuer.apiToken, { type: 'bearer' }).expect(204);
    await testApp.http.get(`${path}/${escn}`).auth(issuer.apiToken, { type: 'bearer' }).expect(404);
  });

  it('rejects a card without an ESCN with 400', async () => {
    await testApp.http.post(`${V1}/students`).auth(issuer.apiToken, { type: 'bearer' }).send(student('6')).expect(201);

    const response = await testApp.http
      .post(`${V1}/students/${encodeURIComponent(esiOf('6'))}/cards`)
      .auth(issuer.apiToken, { type: 'bearer' })
      .send({ cardType: 9 })
      .expect(400);

    expect(response.body.message).toContain('europeanStudentCardNumber: is required');
    expect(response.body.message).toContain('cardType: must be an integer from 0 to 4');
  });

  it('answers 404 for a card of another student', async () => {
    await testApp.http.post(`${V1}/students`).auth(issuer.apiToken, { type: 'bearer' }).send(student('7')).expect(201);
    await testApp.http.post(`${V1}/students`).auth(issuer.apiToken, { type: 'bearer' }).send(student('8')).expect(201);
    const escn = await generateEscn();
    await testApp.http
      .post(`${V1}/students/${encodeURIComponent(esiOf('7'))}/cards`)
      .auth(issuer.apiToken, { type: 'bearer' })
      .send({ europeanStudentCardNumber: escn })
      .expect(201);

    const response = await testApp.http
      .get(`${V1}/students/${encodeURIComponent(esiOf('8'))}/cards/${escn}`)
      .auth(issuer.apiToken, { type: 'bearer' })
      .expect(404);

    expect(response.body.code).toBe('ER-0001');
  });

  it('updates and deletes a student', async () => {
    await testApp.http.post(`${V1}/students`).auth(issuer.apiToken, { type: 'bearer' }).send(student('9')).expect(201);
    const path = `${V1}/students/${encodeURIComponent(esiOf('9'))}`;

    const updated = await testApp.http
      .put(path)
      .auth(issuer.apiToken, { type: 'bearer' })
      .send(student('9', { expiryDate: '2031-08-31', academicLevel: 6, phoneNumber: '611111111' }))
      .expect(200);
    expect(updated.body).toMatchObject({ expiryDate: '2031-08-31T00:00:00.000Z', academicLevel: 6, phoneNumber: '611111111' });

    await testApp.http.delete(path).auth(issuer.apiToken, { type: 'bearer' }).expect(204);
    await testApp.http.get(path).auth(issuer.apiToken, { type: 'bearer' }).expect(404);
  });

  it('lists students with offset and limit', async () => {
    const all = await testApp.http.get(`${V1}/students`).query({ offset: 0, limit: 50 }).auth(issuer.apiToken, { type: 'bearer' }).expect(200);
    const window = await testApp.http.get(`${V1}/students`).query({ offset: 1, limit: 2 }).auth(issuer.apiToken, { type: 'bearer' }).expect(200);

    expect(all.body.length).toBeGreaterThanOrEqual(4);
    expect(window.body).toEqual(all.body.slice(1, 3));
  });

  it('rejects a bad limit with 400', async () => {
    const response = await testApp.http.get(`${V1}/students`).query({ limit: 'all' }).auth(issuer.apiToken, { type: 'bearer' }).expect(400);

    expect(response.body.message).toContain('limit: must be an integer from 1 to 1000');
  });

  it('requires a token', async () => {
    await testApp.http.get(`${V1}/students`).expect(401);
  });
});
