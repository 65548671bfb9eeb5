/**
 * The page an invitation link opens, so that a candidate can answer from
 * their mail without any other client. It reads the same view as the API
 * and answers through it.
 */

import { randomBytes } from 'node:crypto';
import { renderPage } from '../../http/pages.js';
import type { InvitationView } from './invitations.service.js';
import { orNotGiven, readableCountry, readableInstant } from
  './nominations.mail.js';

export interface Page {
  html: string;
  headers: Record<string, string>;
}

// The page carries a live token in its address: it must not be cached,
// framed, indexed or leaked through a Referer, and only its own script
// may run.
function headers(nonce: string): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-robots-tag': 'noindex',
    'content-security-policy': [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      "style-src 'unsafe-inline'",
      "connect-src 'self'",
      "form-action 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
  };
}

export function invitationPage(view: InvitationView): Page {
  const nonce = randomBytes(16).toString('base64');
  const { candidate } = view;
  const html = renderPage('invitation', {
    nonce,
    name: candidate.name,
    nominatorName: view.nominatorName,
    groupName: view.group.name,
    focusAreas: view.focusAreas.map((a) => a.title).join('; '),
    statement: view.statement,
    expiresAt: readableInstant(view.expiresAt),
    email: candidate.email,
    affiliation: orNotGiven(candidate.affiliation),
    country: readableCountry(candidate.country),
    affiliationValue: candidate.affiliation ?? '',
    countryValue: candidate.country ?? '',
    purpose: view.notice.purpose,
    seenBy: view.notice.seenBy,
    objection: view.notice.objection,
  });
  return { html, headers: headers(nonce) };
}

/** The page for a link that never existed or no longer works. */
export function invitationGonePage(
  message: string,
  secretariatEmail: string,
): Page {
  const nonce = randomBytes(16).toString('base64');
  const html = renderPage('invitation-gone', { message, secretariatEmail });
  return { html, headers: headers(nonce) };
}
