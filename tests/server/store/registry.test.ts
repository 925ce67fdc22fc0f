/**
 * The store's names have one home, server/store/names.ts (COLL, SETS, CHANNELS): no other server
 * module spells a collection, sorted-set or channel name as a string literal. The values are the
 * keys existing data is stored under, so they are pinned here too: changing one is a migration.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CHANNELS, COLL, SETS } from '../../../server/store/names.js';
import { INDEXED_COLLECTIONS } from '../../../server/store/indexes.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const REGISTRY = 'server/store/names.ts';

/**
 * Literals equal to a registered name that are not store names. Each pattern matches the literal in
 * its line (the match must contain the quoted name); a pattern nothing matches any more must go.
 */
const NOT_STORE_NAMES: { line: RegExp; why: string }[] = [
  { line: /feed: '(incidents|usage)'/, why: 'ingest metric label' },
  { line: /once\('(agencies|catalog|checkpoints)'/, why: 'start-up task label (main.ts)' },
  { line: /type === 'usage'|event\('usage'/, why: "the event log's type of a usage sample" },
  { line: /sourceKind: 'usage'/, why: 'an alert source kind' },
  { line: /\['alerts', i/, why: "a path into an Alertmanager body's alerts array" },
  { line: /path: \['users'\]/, why: 'a validation issue path' },
  { line: /name: 'silences'/, why: 'the name of the system actor expiring silences' },
  { line: /noun === 'usage'/, why: 'a CLI noun' },
  { line: /guard\('usage'/, why: 'a demo simulator tick label' },
  { line: /'active_users', 'sessions'/, why: 'a usage metric name' },
  { line: /Pick<Tx, [^>]*'events'/, why: 'a Tx field name' },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.posix.join(dir, f.split(path.sep).join('/')));
}

interface Hit {
  file: string;
  line: number;
  name: string;
  text: string;
}

/** Every string literal (quoted, or a template without substitutions) whose text is one of `names`. */
function literalsOf(file: string, names: Set<string>): Hit[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const src = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const lines = text.split('\n');
  const hits: Hit[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && names.has(node.text)) {
      const line = src.getLineAndCharacterOfPosition(node.getStart(src)).line;
      hits.push({ file, line: line + 1, name: node.text, text: (lines[line] ?? '').trim() });
    }
    ts.forEachChild(node, visit);
  };
  visit(src);
  return hits;
}

const exemptionOf = (h: Hit) =>
  NOT_STORE_NAMES.find(({ line }) =>
    [...h.text.matchAll(new RegExp(line.source, 'g'))].some(
      ([m]) => m.includes(`'${h.name}'`) || m.includes(`"${h.name}"`),
    ),
  );

describe('store name registry', () => {
  it('pins the names data is stored under', () => {
    expect(COLL).toEqual({
      incidents: 'incidents',
      alerts: 'alerts',
      alertIndex: 'alert-index',
      alertGroups: 'alert-groups',
      escalationPolicies: 'escalation-policies',
      oncallSchedules: 'oncall-schedules',
      silences: 'silences',
      notifications: 'notifications',
      notificationChannels: 'notification-channels',
      serviceStates: 'service-states',
      serviceEvidence: 'service-evidence',
      checkHistory: 'check-history',
      serviceDefs: 'service-defs',
      maintenanceWindows: 'maintenance-windows',
      pushTokens: 'push-tokens',
      integrityStates: 'integrity-states',
      agencyDefs: 'agency-defs',
      usage: 'usage',
      usageLatest: 'usage-latest',
      usageHourly: 'usage-hourly',
      scorecardValues: 'scorecard-values',
      users: 'users',
      usernames: 'usernames',
      sessions: 'sessions',
      apiKeys: 'api-keys',
      displays: 'displays',
      displayPresence: 'display-presence',
      reports: 'reports',
      reportSeq: 'report-seq',
      reportBlocks: 'report-blocks',
      audit: 'audit',
      notices: 'notices',
      checkpoints: 'checkpoints',
      events: 'events',
    });
    expect(SETS).toEqual({
      escalations: 'escalations',
      ackChecks: 'ack-checks',
      autoResolve: 'auto-resolve',
      notifyDue: 'notify-due',
      silenceExpiry: 'silence-expiry',
      checksDue: 'checks-due',
      integrityDue: 'integrity-due',
    });
    expect(CHANNELS).toEqual({
      agencies: 'agencies',
      catalog: 'catalog',
      escalationPolicies: 'escalation-policies',
      notificationChannels: 'notification-channels',
      publicNotices: 'public-notices',
    });
  });

  it('gives no two entries of a kind the same name, and indexes only registered collections', () => {
    for (const kind of [COLL, SETS, CHANNELS]) {
      const values = Object.values(kind);
      expect(new Set(values).size).toBe(values.length);
    }
    const colls: string[] = Object.values(COLL);
    expect(INDEXED_COLLECTIONS.filter((c) => !colls.includes(c))).toEqual([]);
  });

  it('is the only place a collection, sorted-set or channel name is spelled in server/', () => {
    const names = new Set<string>([
      ...Object.values(COLL),
      ...Object.values(SETS),
      ...Object.values(CHANNELS),
    ]);
    const files = sourceFiles('server').filter((f) => f !== REGISTRY);
    expect(files.length).toBeGreaterThan(50);
    const hits = files.flatMap((f) => literalsOf(f, names));
    const used = new Set(hits.map(exemptionOf).filter((e) => e !== undefined));
    const offending = hits
      .filter((h) => !exemptionOf(h))
      .map((h) => `${h.file}:${h.line} '${h.name}': ${h.text}`);
    expect(offending, 'use COLL / SETS / CHANNELS from server/store/names.ts').toEqual([]);
    const stale = NOT_STORE_NAMES.filter((e) => !used.has(e)).map((e) => `${String(e.line)} (${e.why})`);
    expect(stale, 'exceptions that no longer match anything').toEqual([]);
  });
});
