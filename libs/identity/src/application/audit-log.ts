import { Injectable } from '@nestjs/common';
import { Clock, TransactionHost } from '@escr/kernel';

/** Audited action names. They are stable because operators filter the audit log by them. */
export type AuditAction =
  | 'login.succeeded'
  | 'login.failed'
  | 'login.locked-out'
  | 'session.logged-out'
  | 'session.refresh-token-reused'
  | 'api-token.created'
  | 'api-token.regenerated'
  | 'api-token.revoked'
  | 'api-token.first-used'
  | 'invitation.created'
  | 'invitation.revoked'
  | 'invitation.accepted'
  | 'user.role-changed'
  | 'user.disabled'
  | 'user.enabled'
  | 'password-reset.requested'
  | 'password-reset.completed'
  | 'support.data-read';

export const AUDIT_ACTIONS: readonly AuditAction[] = [
  'login.succeeded',
  'login.failed',
  'login.locked-out',
  'session.logged-out',
  'session.refresh-token-reused',
  'api-token.created',
  'api-token.regenerated',
  'api-token.revoked',
  'api-token.first-used',
  'invitation.created',
  'invitation.revoked',
  'invitation.accepted',
  'user.role-changed',
  'user.disabled',
  'user.enabled',
  'password-reset.requested',
  'password-reset.completed',
  'support.data-read',
];

/** One audit entry. details must never contain a password, token or other secret. */
export interface AuditEntry {
  action: AuditAction;
  actorUserId?: string | null;
  actorApiTokenId?: string | null;
  organisationId?: number | null;
  /** The user, token or invitation acted upon. */
  subjectId?: string | null;
  clientAddress?: string | null;
  details?: Record<string, string | number | boolean | null>;
}

export interface AuditRecord extends Required<Omit<AuditEntry, 'details'>> {
  id: string;
  occurredAt: Date;
  details: Record<string, unknown>;
}

export interface AuditQuery {
  /** Only this organisation's entries; every organisation's when undefined. */
  organisationId?: number;
  action?: AuditAction;
  /** Entries with a smaller id than this, for paging backwards. */
  beforeId?: string;
  limit: number;
}

/** The identity audit log (identity.audit_event). Entries are written in the caller's transaction. */
@Injectable()
export class AuditLog {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.transactions.manager.query(
      `INSERT INTO identity.audit_event
         (occurred_at, action, actor_user_id, actor_api_token_id, organisation_id, subject_id, client_address, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
      [
        this.clock.now(),
        entry.action,
        entry.actorUserId ?? null,
        entry.actorApiTokenId ?? null,
        entry.organisationId ?? null,
        entry.subjectId ?? null,
        entry.clientAddress ?? null,
        JSON.stringify(entry.details ?? {}),
      ],
    );
  }

  /** Lists entries newest first. */
  async query(query: AuditQuery): Promise<AuditRecord[]> {
    const rows: Record<string, unknown>[] = await this.transactions.manager.query(
      `SELECT id, occurred_at, action, actor_user_id, actor_api_token_id, organisation_id, subject_id, client_address, details
         FROM identity.audit_event
        WHERE ($1::integer IS NULL OR organisation_id = $1)
          AND ($2::text IS NULL OR action = $2)
          AND ($3::bigint IS NULL OR id < $3)
        ORDER BY id DESC
        LIMIT $4`,
      [query.organisationId ?? null, query.action ?? null, query.beforeId ?? null, query.limit],
    );

    return rows.map((row) => ({
      id: String(row.id),
      occurredAt: new Date(row.occurred_at as string),
      action: row.action as AuditAction,
      actorUserId: (row.actor_user_id as string | null) ?? null,
      actorApiTokenId: (row.actor_api_token_id as string | null) ?? null,
      organisationId: (row.organisation_id as number | null) ?? null,
      subjectId: (row.subject_id as string | null) ?? null,
      clientAddress: (row.client_address as string | null) ?? null,
      details: (row.details as Record<string, unknown>) ?? {},
    }));
  }
}
