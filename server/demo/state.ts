/**
 * Demo credentials that survive a restart. The embedded store keeps nothing, so without this file
 * every restart of the demo would hand out a new wall token (open walls then say "token ditolak")
 * and new passwords. It holds the plain secrets of a throw-away demo, so it is written with mode
 * 0600, is git-ignored, and is used only in demo mode on the embedded store; delete it for fresh
 * credentials.
 */
import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PasswordSchema } from '../../shared/schemas/index.js';
import { auditEntry, type AuditEntry } from '../auth/audit.js';
import { createDisplay, type Display } from '../auth/credentials.js';
import { parseToken, secret, tokenHash } from '../auth/tokens.js';
import type { Ctx } from '../context.js';
import type { Logger } from '../logger.js';
import { COLL, getDoc, putDoc } from '../store/docs.js';

/** The file's name, in the working directory the server was started from. */
export const DEMO_STATE_FILE = '.pantau-demo.json';

const FileSchema = z.object({
  version: z.literal(1),
  /** Username → password of the admin and the demo accounts. */
  passwords: z.record(z.string(), PasswordSchema),
  /** The demo wall's display token (`pd_<id>_<secret>`). */
  wallToken: z.string().nullable(),
});
type StateFile = z.infer<typeof FileSchema>;

const NOTE =
  'Pantau demo credentials (PANTAU_DEMO=1 on the embedded store), reused at every start. Delete this file for new ones.';

/** The demo's kept credentials, read at start and written (0600) whenever one is made. */
export class DemoState {
  private data: StateFile;

  private constructor(
    readonly file: string,
    data: StateFile | null,
    private readonly log: Logger,
  ) {
    this.data = data ?? { version: 1, passwords: {}, wallToken: null };
  }

  /** Reads the file (a missing or unreadable one starts empty, with a warning for the latter). */
  static open(file: string, log: Logger): DemoState {
    const abs = path.resolve(file);
    if (!existsSync(abs)) return new DemoState(abs, null, log);
    try {
      // Someone may have widened it (a copy, a checkout); it holds passwords, so narrow it again.
      if ((statSync(abs).mode & 0o077) !== 0) chmodSync(abs, 0o600);
      const parsed = FileSchema.safeParse(JSON.parse(readFileSync(abs, 'utf8')));
      if (parsed.success) return new DemoState(abs, parsed.data, log);
      log.warn({ file: abs }, 'demo state file is not valid; new demo credentials replace it');
    } catch (err) {
      log.warn(
        { file: abs, err: (err as Error).message },
        'demo state file unreadable; new demo credentials',
      );
    }
    return new DemoState(abs, null, log);
  }

  /** The kept password of `username`, or a new random one (kept from now on). */
  password(username: string, bytes = 9): string {
    const kept = this.data.passwords[username];
    if (kept) return kept;
    const made = secret(bytes);
    this.data = { ...this.data, passwords: { ...this.data.passwords, [username]: made } };
    this.save();
    return made;
  }

  /** The kept wall token, if any. */
  wallToken(): string | null {
    return this.data.wallToken;
  }

  setWallToken(token: string): void {
    if (this.data.wallToken === token) return;
    this.data = { ...this.data, wallToken: token };
    this.save();
  }

  /**
   * Writes the file atomically with mode 0600. A failure (read-only folder, a container's app
   * directory) costs only the reuse at the next start, so it is a warning.
   */
  private save(): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, `${JSON.stringify({ note: NOTE, ...this.data }, null, 2)}\n`, { mode: 0o600 });
      chmodSync(tmp, 0o600);
      renameSync(tmp, this.file);
    } catch (err) {
      this.log.warn(
        { file: this.file, err: (err as Error).message },
        'could not keep the demo credentials; the next start makes new ones',
      );
    }
  }
}

type AuditBase = Omit<AuditEntry, 'id' | 'at' | 'version' | 'action'>;

/**
 * The demo wall's display token: the kept one, registered again in this (empty) store under its
 * own id and hash so open walls keep working, or a new one that is then kept.
 */
export async function demoWallToken(ctx: Ctx, state: DemoState | null, audit: AuditBase): Promise<string> {
  const name = 'Demo wall';
  const kept = state?.wallToken() ?? null;
  const parsed = kept ? parseToken(kept, 'pd') : null;
  if (kept && parsed) {
    const hash = tokenHash(kept);
    const cur = await getDoc<Display>(ctx.store, COLL.displays, parsed.id);
    if (cur && cur.hash === hash && !cur.revokedAt) return kept;
    if (!cur) {
      const record: Display = {
        id: parsed.id,
        name,
        hash,
        createdAt: ctx.now().toISOString(),
        revokedAt: null,
        version: 1,
      };
      const entry = auditEntry(ctx, {
        ...audit,
        action: 'display.create',
        target: record.id,
        details: { name, restored: true },
      });
      const res = await ctx.store.commit({
        puts: [
          putDoc(COLL.displays, record.id, record, 'absent'),
          putDoc(COLL.audit, entry.id, entry, 'absent'),
        ],
      });
      if (res.ok) return kept;
    }
  }
  const { token } = await createDisplay(ctx, { name }, audit);
  state?.setWallToken(token);
  return token;
}
