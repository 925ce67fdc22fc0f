/**
 * The city-wide webhook: notifications are POSTed as JSON with an idempotency key. Credentials in
 * the URL (`https://user:pass@host/…`) go as HTTP Basic authentication, since fetch refuses a URL
 * that carries them.
 */
import { SEND_TIMEOUT_MS } from './email.js';

/** POSTs `body` to the webhook; throws with the status and the first words of the answer on a refusal. */
export async function postWebhook(url: string, body: unknown, idempotencyKey: string): Promise<void> {
  const u = new URL(url);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'idempotency-key': idempotencyKey,
  };
  if (u.username || u.password) {
    const user = decodeURIComponent(u.username);
    const pass = decodeURIComponent(u.password);
    headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    u.username = '';
    u.password = '';
  }
  const r = await fetch(u, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
  });
  if (!r.ok) {
    const said = (await r.text().catch(() => '')).trim().slice(0, 200);
    throw new Error(`webhook answered ${r.status}${said ? `: ${said}` : ''}`);
  }
  await r.arrayBuffer().catch(() => undefined);
}
