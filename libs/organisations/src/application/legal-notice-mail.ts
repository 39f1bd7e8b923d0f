import type { OutgoingMail } from '@escr/kernel';
import type { RenderedLegalDocument } from './legal-documents.service.js';

export interface NoticeContext {
  organisationId: number;
  organisationName: string;
  /** The document as this organisation must accept it, or undefined for a discontinuation, which quotes no document. */
  document: RenderedLegalDocument | undefined;
  title: string;
  version: number;
  deadline: Date;
  /** External base URL of the router, without a trailing slash. */
  baseUrl: string;
}

function formatDeadline(deadline: Date): string {
  return `${deadline.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function documentsUrl(context: NoticeContext): string {
  return `${context.baseUrl}/api/organisations/${context.organisationId}/legal-documents`;
}

function documentSection(context: NoticeContext): string {
  if (!context.document) return '';

  return [
    '',
    `----- ${context.title}, version ${context.version} (SHA-256 ${context.document.sha256}) -----`,
    '',
    context.document.text,
    '',
    '----- end of document -----',
  ].join('\n');
}

/** E-mail announcing a new document version and its acceptance deadline. */
export function announcementMail(context: NoticeContext): Omit<OutgoingMail, 'to' | 'dedupeKey'> {
  return {
    category: 'legal-announcement',
    subject: `${context.title} version ${context.version}: accept it by ${formatDeadline(context.deadline)}`,
    text: [
      `Version ${context.version} of the ${context.title} of the European Student Card Router is published.`,
      '',
      `The authorised person of ${context.organisationName} must accept it by ${formatDeadline(context.deadline)}.`,
      'Until it is accepted, the organisation cannot issue or manage cards; verification of its existing cards keeps working.',
      `If it is not accepted by the deadline, the organisation is discontinued and its users and API tokens stop working.`,
      '',
      `Read and accept the documents at ${documentsUrl(context)}`,
      documentSection(context),
    ].join('\n'),
  };
}

/** E-mail reminding an organisation that has not accepted a version yet. */
export function reminderMail(context: NoticeContext, daysLeft: number): Omit<OutgoingMail, 'to' | 'dedupeKey'> {
  return {
    category: 'legal-reminder',
    subject: `Reminder: accept the ${context.title} version ${context.version} within ${daysLeft} day${daysLeft === 1 ? '' : 's'}`,
    text: [
      `${context.organisationName} has not yet accepted version ${context.version} of the ${context.title}.`,
      '',
      `The deadline is ${formatDeadline(context.deadline)}. After it, the organisation is discontinued and its users and API tokens stop working.`,
      '',
      `The authorised person can read and accept the documents at ${documentsUrl(context)}`,
      documentSection(context),
    ].join('\n'),
  };
}

/** E-mail telling an organisation's users that it was discontinued and how to be reinstated. */
export function discontinuationMail(context: NoticeContext): Omit<OutgoingMail, 'to' | 'dedupeKey'> {
  return {
    category: 'legal-discontinuation',
    subject: `${context.organisationName} is discontinued from the European Student Card Router`,
    text: [
      `${context.organisationName} did not accept version ${context.version} of the ${context.title} by the deadline, ${formatDeadline(context.deadline)}.`,
      '',
      'The organisation is therefore discontinued: its users can no longer log in, its API tokens no longer work,',
      'and it can neither issue nor manage cards. Public verification of its existing cards keeps working.',
      '',
      'To be reinstated, ask the operations staff of the router to reinstate the organisation. After reinstatement,',
      'the authorised person must accept every current legal document again before the organisation can manage cards.',
    ].join('\n'),
  };
}
