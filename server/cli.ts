/**
 * `npm run pantau -- <command>`: manage users, API keys and displays without the UI.
 *   user add <username> --role <admin|supervisor|operator|liaison> [--agency <id>] [--password <pw>]
 *   user list
 *   key add <name> --scopes health:write,incidents:write,usage:write
 *   display add <name>
 *   usage import <FILE.csv> [--dry-run]   (format: server/usage/csvRows.ts)
 * Works against the store named by REDIS_URL (the embedded store lives inside one server process).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { NewDisplaySchema, NewKeySchema, NewUserSchema } from '../shared/schemas/index.js';
import { createDisplay, createKey } from './auth/credentials.js';
import { secret } from './auth/tokens.js';
import { createUser, listUsers, presentUser } from './auth/users.js';
import { refreshAgencies } from './catalog/agencyEdits.js';
import { loadCatalog } from './catalog/catalog.js';
import { parseConfig } from './config.js';
import type { Ctx } from './context.js';
import { HttpError } from './errors.js';
import { createLogger } from './logger.js';
import { createStore } from './store/index.js';
import { usageIngestChecks } from './usage/checks.js';
import { importUsageCsv } from './usage/importCsv.js';

const USAGE = `usage:
  npm run pantau -- user add <username> --role <admin|supervisor|operator|liaison> [--agency <id>] [--password <pw>]
  npm run pantau -- user list
  npm run pantau -- key add <name> --scopes health:write,incidents:write,usage:write
  npm run pantau -- display add <name>
  npm run pantau -- usage import <FILE.csv> [--dry-run]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function parseOrFail<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) fail(r.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('\n'));
  return r.data;
}

async function run(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      agency: { type: 'string' },
      password: { type: 'string' },
      scopes: { type: 'string' },
      'dry-run': { type: 'boolean' },
    },
  });
  const [noun, verb, name] = positionals;
  const parsed = parseConfig(process.env);
  if (!parsed.ok) fail(parsed.problems.join('\n'));
  if (!parsed.config.redis)
    fail(
      'Set REDIS_URL or REDIS_SENTINELS: the CLI manages the Redis store (the embedded store lives inside a running server).',
    );
  const log = createLogger('warn');
  const store = createStore(parsed.config.redis, log);
  const ctx: Ctx = { store, catalog: loadCatalog(), log, config: parsed.config, now: () => new Date() };
  const audit = {
    actor: { kind: 'cli', id: null, name: process.env.USER ?? 'cli', role: null, agencyId: null },
    ip: null,
    channel: 'cli' as const,
  };
  try {
    await store.waitReady(5_000);
    await refreshAgencies(ctx);
    if (noun === 'user' && verb === 'add' && name) {
      const password = values.password ?? secret(12);
      const input = parseOrFail(NewUserSchema, {
        username: name,
        password,
        role: values.role,
        ...(values.agency ? { agencyId: values.agency } : {}),
      });
      const user = await createUser(ctx, input, audit);
      console.log(
        JSON.stringify({ ...presentUser(user), ...(values.password ? {} : { password }) }, null, 2),
      );
    } else if (noun === 'user' && verb === 'list') {
      console.log(JSON.stringify((await listUsers(ctx)).map(presentUser), null, 2));
    } else if (noun === 'key' && verb === 'add' && name) {
      const input = parseOrFail(NewKeySchema, {
        name,
        scopes: (values.scopes ?? '').split(',').filter(Boolean),
      });
      const { key, record } = await createKey(ctx, input, audit);
      console.log(JSON.stringify({ id: record.id, name: record.name, scopes: record.scopes, key }, null, 2));
    } else if (noun === 'display' && verb === 'add' && name) {
      const { token, record } = await createDisplay(ctx, parseOrFail(NewDisplaySchema, { name }), audit);
      const base = parsed.config.publicUrl ?? `http://127.0.0.1:${parsed.config.port}`;
      console.log(
        JSON.stringify(
          { id: record.id, name: record.name, token, url: `${base}/wall?token=${encodeURIComponent(token)}` },
          null,
          2,
        ),
      );
    } else if (noun === 'usage' && verb === 'import' && name) {
      const result = await importUsageCsv(
        ctx,
        readFileSync(name),
        values['dry-run'] === true,
        usageIngestChecks(ctx),
      );
      console.log(JSON.stringify(result, null, 2));
    } else {
      fail(USAGE);
    }
  } catch (err) {
    if (err instanceof HttpError)
      fail(
        `${err.code}: ${err.message}${err.extra.issues ? `\n${err.extra.issues.map((i) => `${i.path.length ? `line ${i.path.join(', ')}` : 'file'}: ${i.message}`).join('\n')}` : ''}`,
      );
    throw err;
  } finally {
    await store.close();
  }
}

run().catch((err: unknown) => fail(String(err)));
