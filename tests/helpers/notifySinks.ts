/**
 * Local receivers for notifications: an HTTP server playing both the webhook receiver and the
 * Telegram Bot API, and an SMTP server (smtp-server). Each records what reached it.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { SMTPServer } from 'smtp-server';
import { sleep } from './wait.js';

export interface HttpCall {
  path: string;
  auth: string | null;
  key: string | null;
  body: Record<string, unknown>;
}

/** The webhook receiver and a fake Bot API in one: `/fail` answers 500, chat `-404` does not exist. */
export async function httpSink(): Promise<{ url: string; calls: HttpCall[]; close: () => Promise<void> }> {
  const calls: HttpCall[] = [];
  const read = (req: IncomingMessage) =>
    new Promise<string>((r) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => r(raw));
    });
  const srv: Server = createServer((req, res) => {
    void read(req).then(async (raw) => {
      const path = req.url ?? '';
      let body: Record<string, unknown> = {};
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        /* a form body */
      }
      const json = (status: number, v: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(v));
      };
      if (path.endsWith('/getUpdates')) {
        await sleep(500);
        return json(200, { ok: true, result: [] });
      }
      calls.push({
        path,
        auth: req.headers.authorization ?? null,
        key: (req.headers['idempotency-key'] as string | undefined) ?? null,
        body,
      });
      if (path.endsWith('/sendMessage')) {
        if (body.chat_id === '-404')
          return json(400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });
        return json(200, {
          ok: true,
          result: { message_id: calls.length, date: 0, chat: { id: 1, type: 'private' }, text: body.text },
        });
      }
      if (path.includes('/bot')) return json(200, { ok: true, result: true });
      if (path.startsWith('/fail')) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        return res.end('sink says no');
      }
      json(200, { received: true });
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const addr = srv.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { url: `http://127.0.0.1:${port}`, calls, close: () => new Promise((r) => srv.close(() => r())) };
}

export interface Mail {
  from: string;
  to: string[];
  user: string | null;
  password: string | null;
  text: string;
}

/** A local SMTP server: plain (no STARTTLS), any login accepted and remembered; `reject@…` refused at RCPT. */
export async function smtpSink(): Promise<{ port: number; mails: Mail[]; close: () => Promise<void> }> {
  const mails: Mail[] = [];
  const logins = new Map<string, { user: string; password: string }>();
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, session, cb) {
      logins.set(session.id, { user: auth.username ?? '', password: auth.password ?? '' });
      cb(null, { user: auth.username });
    },
    onRcptTo(address, _session, cb) {
      if (address.address.startsWith('reject@'))
        return cb(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
      cb();
    },
    onData(stream, session, cb) {
      let text = '';
      stream.on('data', (c: Buffer) => (text += c.toString()));
      stream.on('end', () => {
        const login = logins.get(session.id);
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: login?.user ?? null,
          password: login?.password ?? null,
          text,
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { port, mails, close: () => new Promise((r) => server.close(() => r())) };
}
