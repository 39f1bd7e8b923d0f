import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { onboardOrganisation, OnboardedOrganisation } from '../support/onboarding';
import { startTestApp, TestApp } from '../support/test-app';
import { esiOf, personRequest } from './cards-fixtures';

const V2 = '/esc-rest/api/v2';
const MAX_BYTES = 60_000;

function image(width: number, height: number, format: 'jpeg' | 'png' | 'webp'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 20, g: 80, b: 160 } } })
    .toFormat(format)
    .toBuffer();
}

/** A small valid PNG whose header claims width × height pixels, as a decompression bomb does. */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await image(4, 4, 'png'));
  // IHDR data starts at byte 16 (8-byte signature, 4-byte length, 4-byte type); its CRC follows 13 bytes later.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);

  return png;
}

describe('cards API V2: pictures', () => {
  let testApp: TestApp;
  let university: OnboardedOrganisation;
  let esi: string;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { PICTURE_MAX_BYTES: String(MAX_BYTES) } });
    university = await onboardOrganisation(testApp);
    esi = esiOf(university.pic, '001');
    await testApp.http.post(`${V2}/persons`).set('Authorization', `Bearer ${university.apiToken}`).send(personRequest(university, esi)).expect(201);
  });

  afterAll(async () => {
    await testApp.close();
  });

  function picturePath(organisation: OnboardedOrganisation, identifier = esi): string {
    return `${V2}/organisations/${organisation.pic}/person/${encodeURIComponent(identifier)}/picture`;
  }

  function upload(file: Buffer, query = '', name = 'file', filename = 'photo.jpg') {
    return testApp.http
      .post(`${picturePath(university)}${query}`)
      .set('Authorization', `Bearer ${university.apiToken}`)
      .attach(name, file, filename);
  }

  async function hasPicture(): Promise<boolean> {
    const person = await testApp.http.get(`${V2}/persons/${encodeURIComponent(esi)}`).set('Authorization', `Bearer ${university.apiToken}`).expect(200);

    return person.body.organisations[0].hasPicture as boolean;
  }

  it('stores, returns and deletes a 200×300 JPEG', async () => {
    const jpeg = await image(200, 300, 'jpeg');
    const stored = await upload(jpeg).expect(201);
    expect(stored.headers['content-type']).toContain('application/json');
    expect(stored.body).toBe('Picture stored');
    expect(await hasPicture()).toBe(true);

    const downloaded = await testApp.http
      .get(picturePath(university))
      .set('Authorization', `Bearer ${university.apiToken}`)
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => callback(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(downloaded.headers['content-type']).toBe('image/jpeg');
    const metadata = await sharp(downloaded.body as Buffer).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['jpeg', 200, 300]);

    const replaced = await upload(await image(200, 300, 'png'), '', 'file', 'photo.png').expect(201);
    expect(replaced.body).toBe('Picture replaced');

    await testApp.http.delete(picturePath(university)).set('Authorization', `Bearer ${university.apiToken}`).expect(204);
    expect(await hasPicture()).toBe(false);
    const missing = await testApp.http.get(picturePath(university)).set('Authorization', `Bearer ${university.apiToken}`).expect(404);
    expect(missing.body.code).toBe('ER-0004');
    const again = await testApp.http.delete(picturePath(university)).set('Authorization', `Bearer ${university.apiToken}`).expect(404);
    expect(again.body.code).toBe('ER-0004');
  });

  it('resizes and crops with resize=true', async () => {
    await upload(await image(800, 600, 'png'), '?resize=true', 'file', 'wide.png').expect(201);
    const downloaded = await testApp.http
      .get(picturePath(university))
      .set('Authorization', `Bearer ${university.apiToken}`)
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => callback(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(downloaded.headers['content-type']).toBe('image/png');
    const metadata = await sharp(downloaded.body as Buffer).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['png', 200, 300]);
  });

  it('rejects other sizes without resize', async () => {
    const response = await upload(await image(300, 300, 'jpeg')).expect(400);
    expect(response.body).toEqual({
      code: 'ER-0008',
      message: 'file: the image is 300×300 px but must be exactly 200×300 px; send resize=true to resize and crop it',
    });
  });

  it('rejects other formats and non-images', async () => {
    const webp = await upload(await image(200, 300, 'webp'), '', 'file', 'photo.webp').expect(400);
    expect(webp.body).toEqual({ code: 'ER-0008', message: 'file: webp images are not accepted; send a JPEG or PNG image' });
    const text = await upload(Buffer.from('not an image at all'), '', 'file', 'notes.txt').expect(400);
    expect(text.body).toEqual({ code: 'ER-0008', message: 'file: the file is not an image; send a JPEG or PNG image' });
  });

  it('rejects a decompression bomb before decoding it', async () => {
    const bomb = await pngClaiming(50_000, 50_000);
    expect(bomb.length).toBeLessThan(1000);
    const response = await upload(bomb, '?resize=true', 'file', 'bomb.png').expect(400);
    expect(response.body.code).toBe('ER-0008');
    expect(response.body.message).toContain('50000×50000 px, more than the limit of 40000000 pixels');
  });

  it('rejects a file over the size limit with 413', async () => {
    const response = await upload(Buffer.alloc(MAX_BYTES + 1, 1)).expect(413);
    expect(response.body).toEqual({ code: 'ER-0009', message: `file: the picture is larger than the limit of ${MAX_BYTES} bytes` });
  });

  it('rejects a missing part, a wrong part name and a wrong content type', async () => {
    const missing = await testApp.http
      .post(picturePath(university))
      .set('Authorization', `Bearer ${university.apiToken}`)
      .field('note', 'no file')
      .expect(400);
    expect(missing.body.message).toContain('file: missing');
    const wrongName = await upload(await image(200, 300, 'jpeg'), '', 'photo').expect(400);
    expect(wrongName.body.message).toContain('unexpected part photo');
    const json = await testApp.http.post(picturePath(university)).set('Authorization', `Bearer ${university.apiToken}`).send({ file: 'x' }).expect(415);
    expect(json.body.code).toBe('ER-0415');
    const resize = await upload(await image(200, 300, 'jpeg'), '?resize=maybe').expect(400);
    expect(resize.body.message).toBe('resize: maybe is neither true nor false');
  });

  it('replays an upload with the same Idempotency-Key', async () => {
    const jpeg = await image(200, 300, 'jpeg');
    const first = await upload(jpeg).set('Idempotency-Key', 'picture-1').expect(201);
    const replay = await upload(jpeg).set('Idempotency-Key', 'picture-1').expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toBe(first.body);

    const otherFile = await upload(await image(200, 300, 'png'), '', 'file', 'photo.png').set('Idempotency-Key', 'picture-1').expect(422);
    expect(otherFile.body.code).toBe('ER-0010');
  });

  it('answers 404 for a person without a link and 403 for another organisation', async () => {
    const unknown = await testApp.http
      .get(picturePath(university, esiOf(university.pic, '999')))
      .set('Authorization', `Bearer ${university.apiToken}`)
      .expect(404);
    expect(unknown.body.code).toBe('ER-0003');

    const other = await onboardOrganisation(testApp);
    const forbidden = await testApp.http.get(picturePath(university)).set('Authorization', `Bearer ${other.apiToken}`).expect(403);
    expect(forbidden.body.code).toBe('SE-0004');
    await testApp.http.get(picturePath(university)).expect(401);
  });
});
