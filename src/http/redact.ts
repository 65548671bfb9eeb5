/**
 * Takes tokens out of a URL before it is logged: the one-time token of an
 * invitation path and any `token` query parameter.
 */
export function redactUrl(url: string): string {
  return url
    .replace(/(\/invitations\/)[^/?#]+/g, '$1[token]')
    .replace(/([?&]token=)[^&#]*/g, '$1[token]');
}
