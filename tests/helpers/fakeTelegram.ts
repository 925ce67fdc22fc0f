/**
 * A local fake of the Telegram Bot API (`<url>/bot<token>/<method>`), enough for grammy: getMe,
 * sendMessage, getUpdates (a real long poll: held until an update is queued or its timeout ends,
 * honouring `offset`), answerCallbackQuery, editMessageText / editMessageReplyMarkup, setWebhook and
 * deleteWebhook, getFile and the file download (`<url>/file/bot<token>/<path>`). It records every call
 * and keeps each chat's messages, so a test can press a button under a message the server sent, as
 * a given Telegram user, send a location or a photo as a resident, and read what the bot answered.
 * Bodies come as JSON, URL-encoded or multipart forms (grammy uses a form when it uploads files).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** One call the fake answered. */
export interface TgCall {
  method: string;
  token: string;
  body: Record<string, unknown>;
  status: number;
}

/** A message the bot sent (or edited), as the fake keeps it. */
export interface TgMessage {
  message_id: number;
  chat_id: string;
  text: string;
  reply_markup: {
    inline_keyboard?: { text: string; callback_data?: string }[][];
    keyboard?: { text: string; request_location?: boolean }[][];
    remove_keyboard?: boolean;
  } | null;
  reply_to: number | null;
}

type Update = Record<string, unknown> & { update_id: number };

export interface FakeTelegram {
  url: string;
  calls: TgCall[];
  /** Every message the bot sent, in order (edits change `text` and `reply_markup` in place). */
  messages: TgMessage[];
  /** Every `offset` the bot asked getUpdates for, in order. */
  offsets: number[];
  /** Messages the bot sent to one chat. */
  to(chatId: string | number): TgMessage[];
  /** Answers to button presses (answerCallbackQuery), in order. */
  answers(): { callback_query_id: string; text: string | null }[];
  /** Queues a press of a message's button (by its label, e.g. "Terima") by Telegram user `fromId`; returns the callback id. */
  press(msg: TgMessage, label: string, fromId: number, firstName?: string): string;
  /** Queues a text message (e.g. `/start`) from user `fromId` in their private chat. */
  say(fromId: number, text: string): void;
  /** Queues a location shared by user `fromId` in their private chat. */
  sendLocation(fromId: number, lat: number, long: number): void;
  /** Queues a photo (its bytes kept for getFile and the download) from user `fromId`, with an optional caption. */
  sendPhoto(fromId: number, bytes: Buffer, caption?: string): void;
  /** Files downloaded from the fake, by path. */
  downloads: string[];
  /** Updates queued and not yet confirmed by a later offset. */
  pending(): number;
  /** The most getUpdates calls that were open at one time (Telegram refuses a second concurrent poll). */
  maxConcurrentPolls(): number;
  /** The next `n` calls of `method` answer HTTP `status` (500 by default) with an error. */
  fail(method: string, n: number, status?: number): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  const type = req.headers['content-type'] ?? '';
  const query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
  if (!raw) return query;
  if (type.includes('application/json')) return { ...query, ...(JSON.parse(raw) as Record<string, unknown>) };
  const fields: Record<string, unknown> = { ...query };
  if (type.includes('multipart/form-data')) {
    const boundary = /boundary=("?)([^";]+)\1/.exec(type)?.[2] ?? '';
    for (const part of raw.split(`--${boundary}`)) {
      const name = /name="([^"]+)"/.exec(part)?.[1];
      const at = part.indexOf('\r\n\r\n');
      if (name && at >= 0) fields[name] = part.slice(at + 4).replace(/\r\n$/, '');
    }
  } else for (const [k, v] of new URLSearchParams(raw)) fields[k] = v;
  // Form fields carry objects (reply_markup, allowed_updates) as JSON text.
  for (const [k, v] of Object.entries(fields))
    if (typeof v === 'string' && /^[[{]/.test(v)) {
      try {
        fields[k] = JSON.parse(v);
      } catch {
        /* plain text */
      }
    }
  return fields;
}

/** Starts the fake on 127.0.0.1 (a free port). */
export async function startFakeTelegram(): Promise<FakeTelegram> {
  const calls: TgCall[] = [];
  const messages: TgMessage[] = [];
  const offsets: number[] = [];
  const failing = new Map<string, { n: number; status: number }>();
  let queue: Update[] = [];
  let nextUpdate = 1000;
  let nextMessage = 1;
  let nextCallback = 1;
  let waiters: (() => void)[] = [];
  let closing = false;
  let polling = 0;
  let maxPolling = 0;
  const files = new Map<string, Buffer>();
  const downloads: string[] = [];

  const wake = () => {
    const w = waiters;
    waiters = [];
    w.forEach((f) => f());
  };
  const push = (u: Omit<Update, 'update_id'>) => {
    queue.push({ update_id: nextUpdate++, ...u });
    wake();
  };
  const now = () => Math.floor(Date.now() / 1000);
  /** Queues a message from user `fromId` in their private chat (its content in `content`). */
  const fromResident = (fromId: number, content: Record<string, unknown>) =>
    push({
      message: {
        message_id: nextMessage++,
        date: now(),
        chat: { id: fromId, type: 'private', first_name: `user${fromId}` },
        from: { id: fromId, is_bot: false, first_name: `user${fromId}` },
        ...content,
      },
    });
  const messageOut = (m: TgMessage) => ({
    message_id: m.message_id,
    date: now(),
    chat: { id: Number(m.chat_id), type: Number(m.chat_id) < 0 ? 'group' : 'private' },
    from: { id: 777, is_bot: true, first_name: 'Pantau' },
    text: m.text,
    ...(m.reply_markup ? { reply_markup: m.reply_markup } : {}),
  });
  const find = (body: Record<string, unknown>) =>
    messages.find((m) => m.chat_id === String(body.chat_id) && m.message_id === Number(body.message_id));

  const answer = async (method: string, body: Record<string, unknown>, res: ServerResponse) => {
    switch (method) {
      case 'getMe':
        return {
          id: 777,
          is_bot: true,
          first_name: 'Pantau',
          username: 'pantau_test_bot',
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        };
      case 'sendMessage': {
        const m: TgMessage = {
          message_id: nextMessage++,
          chat_id: String(body.chat_id),
          text: typeof body.text === 'string' ? body.text : '',
          reply_markup: (body.reply_markup as TgMessage['reply_markup']) ?? null,
          reply_to:
            (body.reply_parameters as { message_id?: number } | undefined)?.message_id ??
            (body.reply_to_message_id as number | undefined) ??
            null,
        };
        messages.push(m);
        return messageOut(m);
      }
      case 'editMessageText':
      case 'editMessageReplyMarkup': {
        const m = find(body);
        if (!m) return null;
        if (method === 'editMessageText') m.text = typeof body.text === 'string' ? body.text : '';
        m.reply_markup = (body.reply_markup as TgMessage['reply_markup']) ?? null;
        return messageOut(m);
      }
      case 'getFile': {
        const id = String(body.file_id);
        const bytes = files.get(id);
        if (!bytes) return null;
        return {
          file_id: id,
          file_unique_id: `u-${id}`,
          file_size: bytes.length,
          file_path: `photos/${id}.jpg`,
        };
      }
      case 'answerCallbackQuery':
      case 'setWebhook':
      case 'deleteWebhook':
        return true;
      case 'getUpdates': {
        const offset = Number(body.offset ?? 0);
        offsets.push(offset);
        // An offset confirms every update before it (Telegram forgets them).
        if (offset) queue = queue.filter((u) => u.update_id >= offset);
        polling++;
        maxPolling = Math.max(maxPolling, polling);
        try {
          if (!queue.length && !closing) {
            const timeoutMs = Math.min(Number(body.timeout ?? 0), 30) * 1000;
            await new Promise<void>((resolve) => {
              const t = setTimeout(resolve, timeoutMs);
              const done = () => (clearTimeout(t), resolve());
              waiters.push(done);
              // The caller gave up (aborted): the poll ends.
              res.once('close', done);
            });
          }
        } finally {
          polling--;
        }
        return queue.slice(0, Number(body.limit ?? 100));
      }
      default:
        return undefined;
    }
  };

  const srv = createServer((req: IncomingMessage, res: ServerResponse) => {
    const file = /^\/file\/bot[^/]+\/photos\/([^/]+)\.jpg$/.exec(
      new URL(req.url ?? '/', 'http://x').pathname,
    );
    if (file) {
      const bytes = files.get(file[1] ?? '');
      downloads.push(file[1] ?? '');
      res.writeHead(bytes ? 200 : 404, { 'content-type': 'image/jpeg' });
      res.end(bytes ?? '');
      return;
    }
    void (async () => {
      const m = /^\/bot([^/]+)\/([A-Za-z]+)/.exec(new URL(req.url ?? '/', 'http://x').pathname);
      const body = await readBody(req);
      const method = m?.[2] ?? '';
      const send = (status: number, payload: unknown) => {
        calls.push({ method, token: m?.[1] ?? '', body, status });
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      const f = failing.get(method);
      if (f && f.n > 0) {
        f.n--;
        return send(f.status, { ok: false, error_code: f.status, description: 'fake failure' });
      }
      const result = await answer(method, body, res);
      if (result === undefined)
        return send(404, { ok: false, error_code: 404, description: `Not Found: ${method}` });
      if (result === null)
        return send(400, {
          ok: false,
          error_code: 400,
          description: 'Bad Request: message to edit not found',
        });
      send(200, { ok: true, result });
    })().catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const addr = srv.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    messages,
    offsets,
    to: (chatId) => messages.filter((m) => m.chat_id === String(chatId)),
    answers: () =>
      calls
        .filter((c) => c.method === 'answerCallbackQuery' && c.status === 200)
        .map((c) => ({
          callback_query_id: String(c.body.callback_query_id),
          text: typeof c.body.text === 'string' ? c.body.text : null,
        })),
    press(msg, label, fromId, firstName = `user${fromId}`) {
      const button = msg.reply_markup?.inline_keyboard?.flat().find((b) => b.text.includes(label));
      if (!button?.callback_data) throw new Error(`no "${label}" button under message ${msg.message_id}`);
      const id = `cb-${nextCallback++}`;
      push({
        callback_query: {
          id,
          from: { id: fromId, is_bot: false, first_name: firstName },
          message: messageOut(msg),
          chat_instance: `ci-${msg.chat_id}`,
          data: button.callback_data,
        },
      });
      return id;
    },
    say(fromId, text) {
      const command = /^\/\w+/.exec(text)?.[0];
      fromResident(fromId, {
        text,
        ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command.length }] } : {}),
      });
    },
    sendLocation(fromId, lat, long) {
      fromResident(fromId, { location: { latitude: lat, longitude: long } });
    },
    sendPhoto(fromId, bytes, caption) {
      const id = `photo${files.size + 1}x${fromId}`;
      files.set(id, bytes);
      fromResident(fromId, {
        // Telegram sends several sizes; the last is the largest.
        photo: [
          { file_id: `${id}-thumb`, file_unique_id: `t-${id}`, width: 90, height: 68, file_size: 1200 },
          { file_id: id, file_unique_id: `u-${id}`, width: 320, height: 240, file_size: bytes.length },
        ],
        ...(caption ? { caption } : {}),
      });
    },
    downloads,
    pending: () => queue.length,
    maxConcurrentPolls: () => maxPolling,
    fail(method, n, status = 500) {
      failing.set(method, { n, status });
    },
    close: () =>
      new Promise<void>((r) => {
        closing = true;
        wake();
        srv.closeAllConnections();
        srv.close(() => r());
      }),
  };
}
