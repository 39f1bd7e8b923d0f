import { AppConfig } from '@escr/kernel';

/**
 * Builds a link to a page of the router's web front end. The token goes in the fragment, which browsers
 * do not send to servers, so it stays out of access logs and Referer headers.
 */
export function tokenLink(config: AppConfig, page: string, token: string): string {
  return `${config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/${page}#token=${token}`;
}
