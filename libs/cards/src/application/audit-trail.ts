import { Injectable } from '@nestjs/common';
import { Clock, Principal, TransactionHost } from '@escr/kernel';
import { AuditAction, AuditEntryEntity, AuditSubject, AuditValues } from '../infrastructure/audit-entry.entity.js';

export interface AuditChange {
  organisationId: number;
  subjectType: AuditSubject;
  /** ESI or ESCN; null for the erasure of a person, whose ESI is not kept. */
  subjectKey: string | null;
  personId: string | null;
  action: AuditAction;
  before: AuditValues | null;
  after: AuditValues | null;
}

/** Returns the actor type and id that an audit entry stores for a principal. */
export function actorOf(principal: Principal): { actorType: Principal['type']; actorId: string } {
  return { actorType: principal.type, actorId: principal.type === 'user' ? principal.userId : principal.tokenId };
}

/** Keeps only the fields whose values differ, so that an entry shows what changed. */
function changedFields(before: AuditValues, after: AuditValues): { before: AuditValues; after: AuditValues } {
  const changed = { before: {} as AuditValues, after: {} as AuditValues };
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (before[field] === after[field]) continue;

    changed.before[field] = before[field] ?? null;
    changed.after[field] = after[field] ?? null;
  }

  return changed;
}

/** Writes audit entries of cardholder and card changes inside the transaction of the change. */
@Injectable()
export class AuditTrail {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly clock: Clock,
  ) {}

  /** Writes one entry; an update that changed nothing writes none. Must run inside a transaction. */
  async record(principal: Principal, change: AuditChange): Promise<void> {
    if (!this.transactions.inTransaction) throw new Error('Audit entries must be written in the transaction of the change');

    let { before, after } = change;
    if (change.action === 'UPDATE' && before && after) {
      ({ before, after } = changedFields(before, after));
      if (Object.keys(after).length === 0) return;
    }

    await this.transactions.manager.getRepository(AuditEntryEntity).insert({
      organisationId: change.organisationId,
      ...actorOf(principal),
      subjectType: change.subjectType,
      subjectKey: change.subjectKey,
      personId: change.personId,
      action: change.action,
      before,
      after,
      occurredAt: this.clock.now(),
    });
  }

  /** Removes the personal data of an erased person from the entries about them. */
  async scrubPerson(personId: string): Promise<void> {
    await this.transactions.manager.query(
      `UPDATE cards.audit_entry
          SET subject_key = CASE WHEN subject_type = 'CARD' THEN subject_key END, person_id = NULL,
              before = CASE WHEN subject_type = 'CARD' THEN before - 'personIdentifier' - 'displayName' END,
              after = CASE WHEN subject_type = 'CARD' THEN after - 'personIdentifier' - 'displayName' END
        WHERE person_id = $1`,
      [personId],
    );
  }
}
