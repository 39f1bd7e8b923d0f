import { Injectable } from '@nestjs/common';
import { Clock, Principal, TransactionHost } from '@escr/kernel';
import { OrganisationSnapshot } from '@escr/organisations';
import { CardsError } from '../domain/cards.error.js';
import { PersonLinkEntity } from '../infrastructure/person-link.entity.js';
import { PersonEntity } from '../infrastructure/person.entity.js';
import { PictureEntity } from '../infrastructure/picture.entity.js';
import { ActingOrganisation } from './acting-organisation.js';
import { AuditTrail } from './audit-trail.js';
import { esiKeyOf } from './persons.service.js';
import { PictureProcessor, ProcessedPicture } from './picture-processor.js';

interface PictureSubject {
  organisation: OrganisationSnapshot;
  person: PersonEntity;
}

/** One picture per person per organisation, stored in the cards schema. */
@Injectable()
export class PicturesService {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly acting: ActingOrganisation,
    private readonly processor: PictureProcessor,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  /** Stores or replaces the organisation's picture of the person. Returns whether one was replaced. */
  async upload(principal: Principal, organisationIdentifier: string, esi: string, file: Buffer | undefined, resize: boolean): Promise<boolean> {
    if (!file || file.length === 0) throw CardsError.pictureRejected('missing; send the image as the multipart/form-data part named file');
    const subject = await this.subject(principal, organisationIdentifier, esi);
    const picture = await this.processor.process(file, resize);

    return this.transactions.run(async () => {
      const manager = this.transactions.manager;
      const previous = await manager.getRepository(PictureEntity).findOne({
        where: { personId: subject.person.id, organisationId: subject.organisation.id },
        select: { personId: true, mediaType: true },
      });
      await manager.getRepository(PictureEntity).upsert(
        { personId: subject.person.id, organisationId: subject.organisation.id, ...picture, createdAt: this.clock.now() },
        ['personId', 'organisationId'],
      );
      await this.setHasPicture(subject, true);
      await this.record(principal, subject, previous ? 'UPDATE' : 'CREATE', previous ? { mediaType: previous.mediaType } : null, picture);

      return previous !== null;
    });
  }

  async download(principal: Principal, organisationIdentifier: string, esi: string): Promise<ProcessedPicture> {
    const subject = await this.subject(principal, organisationIdentifier, esi);
    const picture = await this.transactions.manager
      .getRepository(PictureEntity)
      .findOneBy({ personId: subject.person.id, organisationId: subject.organisation.id });
    if (!picture) throw CardsError.pictureNotFound(esi, organisationIdentifier);

    return { mediaType: picture.mediaType, content: picture.content };
  }

  async remove(principal: Principal, organisationIdentifier: string, esi: string): Promise<void> {
    const subject = await this.subject(principal, organisationIdentifier, esi);

    await this.transactions.run(async () => {
      const deleted: [unknown[], number] = await this.transactions.manager.query(
        'DELETE FROM cards.picture WHERE person_id = $1 AND organisation_id = $2 RETURNING media_type',
        [subject.person.id, subject.organisation.id],
      );
      if (deleted[1] === 0) throw CardsError.pictureNotFound(esi, organisationIdentifier);

      await this.setHasPicture(subject, false);
      await this.record(principal, subject, 'DELETE', { mediaType: (deleted[0][0] as { media_type: string }).media_type }, null);
    });
  }

  /** The organisation, which the caller must act for, and the person, who must be linked to it. */
  private async subject(principal: Principal, organisationIdentifier: string, esi: string): Promise<PictureSubject> {
    const esiKey = esiKeyOf('esi', esi);
    const caller = await this.acting.caller(principal);
    const organisation = await this.acting.target(caller, 'id', organisationIdentifier);
    const person = await this.transactions.manager.getRepository(PersonEntity).findOneBy({ esiKey });
    const linked = person
      ? await this.transactions.manager.getRepository(PersonLinkEntity).existsBy({ personId: person.id, organisationId: organisation.id })
      : false;
    if (!person || !linked) throw CardsError.personNotFound(esi);

    return { organisation, person };
  }

  private async setHasPicture(subject: PictureSubject, hasPicture: boolean): Promise<void> {
    await this.transactions.manager
      .getRepository(PersonLinkEntity)
      .update({ personId: subject.person.id, organisationId: subject.organisation.id }, { hasPicture, updatedAt: this.clock.now() });
  }

  private record(
    principal: Principal,
    subject: PictureSubject,
    action: 'CREATE' | 'UPDATE' | 'DELETE',
    before: { mediaType: string } | null,
    after: ProcessedPicture | null,
  ): Promise<void> {
    return this.audit.record(principal, {
      organisationId: subject.organisation.id,
      subjectType: 'PICTURE',
      subjectKey: subject.person.esi,
      personId: subject.person.id,
      action,
      before,
      after: after ? { mediaType: after.mediaType, bytes: String(after.content.length) } : null,
    });
  }
}
