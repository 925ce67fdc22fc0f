/** E-mail through SMTP with nodemailer: one transport per SMTP URL, plain-text messages. */
import nodemailer, { type Transporter } from 'nodemailer';

/** No send of any channel may hold a notification lease longer than this. */
export const SEND_TIMEOUT_MS = 10_000;

const transports = new Map<string, Transporter>();

function transport(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    t = nodemailer.createTransport({
      url,
      connectionTimeout: SEND_TIMEOUT_MS,
      greetingTimeout: SEND_TIMEOUT_MS,
      socketTimeout: SEND_TIMEOUT_MS,
    });
    transports.set(url, t);
  }
  return t;
}

/** Sends one message; the first line of `text` (without the `[Pantau]` prefix) is its subject. */
export async function sendEmail(
  smtp: { url: string; from: string },
  to: string,
  text: string,
): Promise<void> {
  const first = text.split('\n')[0] ?? 'Pantau';
  await transport(smtp.url).sendMail({
    from: smtp.from,
    to,
    subject: first.replace(/^\[Pantau\]\s*/, 'Pantau: ').slice(0, 200),
    text,
  });
}
