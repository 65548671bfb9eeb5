/**
 * Runs the service: builds the app, listens, prints a first sign-in link
 * for the secretariat, and shuts down gracefully on a signal.
 */

import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import type { Settings } from './config/settings.js';
import { SYSTEM } from './context.js';
import { createLoginLink } from './modules/auth/auth.service.js';

export async function serve(settings: Readonly<Settings>): Promise<void> {
  const app = await buildApp({ settings });

  const grace = closeWithGrace({ delay: 10_000 }, async ({ err }) => {
    if (err) app.log.error({ err }, 'closing after an error');
    await app.close();
  });

  try {
    await app.listen({ port: settings.port, host: settings.host });
  } catch (err) {
    // Left installed, close-with-grace would end the process with 0 on
    // its way out, and a port already taken would look like success.
    grace.uninstall();
    await app.close();
    throw err;
  }
  const link = await createLoginLink(app.ctx, SYSTEM,
    settings.secretariatEmail);
  // Printed, never logged: the link is a credential for the operator.
  process.stdout.write([
    '',
    `peerpanel is running at ${settings.publicUrl}`,
    `API documentation: ${settings.publicUrl}/docs`,
    `Sign in as the secretariat (${settings.secretariatEmail}) within ` +
      '15 minutes:',
    `  ${link ?? '(too many open links; run: peerpanel login-link)'}`,
    'Open it and press "Sign in", or exchange its token yourself with',
    '  POST /v1/auth/tokens {"token": "…"}',
    '',
  ].join('\n'));
}
