/**
 * Wazuh alerts (issue 17, item 3): the mapping (level → severity, groups → category, web roots),
 * the agent map, folding, and the route from outside on a real server — fixtures written from
 * Wazuh's documented alert format (tests/fixtures/wazuh/README.md) — and the manager-side
 * integration script (deploy/wazuh/custom-pantau) delivering to that server.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  WazuhAlertSchema,
  WazuhTimestampSchema,
  type Alert,
  type Incident,
  type WazuhAlert,
} from '../../../shared/schemas/index.js';
import { loadCatalog } from '../../../server/catalog/catalog.js';
import {
  DEFAULT_WEB_ROOTS,
  foldId,
  foldIncident,
  inWebRoot,
  wazuhCategory,
  wazuhKind,
  wazuhSeverity,
  type AgentRoute,
} from '../../../server/incidents/wazuh.js';
import { loadWazuhAgentsFile, routeAgent } from '../../../server/incidents/wazuhAgents.js';
import { createIngestKey, ingest, type Session } from '../../helpers/api.js';
import { allAlerts, allIncidents, dataOf, errorOf, loginAdmin } from '../../helpers/http.js';
import { startServer, type TestServer } from '../../helpers/server.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const FIXTURES = path.join(ROOT, 'tests/fixtures/wazuh');
const SCRIPT = path.join(ROOT, 'deploy/wazuh/custom-pantau');
const ROUTE = '/api/v1/ingest/wazuh';

/** A fixture as parsed JSON (the raw text is what the integrator would hand the script). */
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as Record<string, unknown>;
const parsed = (name: string): WazuhAlert => WazuhAlertSchema.parse(fixture(name));

/** The fixture with another alert id, time and (optionally) agent. */
function variant(name: string, id: string, timestamp: string, agent?: Record<string, string>) {
  return { ...fixture(name), id, timestamp, ...(agent ? { agent } : {}) };
}

const UNMAPPED: AgentRoute = {
  mapped: false,
  agencyId: null,
  serviceId: null,
  location: null,
  webRoots: DEFAULT_WEB_ROOTS,
};

describe('the Wazuh mapping (pure)', () => {
  it('maps rule levels to severities as documented: 0–3 not recorded, 4–6 minor, 7–9 moderate, 10–11 severe, 12+ extreme', () => {
    expect(Array.from({ length: 17 }, (_, l) => wazuhSeverity(l))).toEqual([
      null,
      null,
      null,
      null,
      'minor',
      'minor',
      'minor',
      'moderate',
      'moderate',
      'moderate',
      'severe',
      'severe',
      'extreme',
      'extreme',
      'extreme',
      'extreme',
      'extreme',
    ]);
  });

  it('maps rule groups to kinds and categories; a file change is a defacement only below a web root', () => {
    const kinds = [
      'sshd-5710-invalid-user',
      'sshd-5712-brute-force',
      'pam-5503-login-failed',
      'web-31101-400-error',
      'web-31103-sql-injection',
      'fim-550-webroot-modified',
      'rootcheck-510-trojan',
    ].map((n) => wazuhKind(parsed(n)));
    expect(kinds).toEqual([
      'brute_force',
      'brute_force',
      'brute_force',
      'web_attack',
      'web_attack',
      'integrity',
      'malware',
    ]);
    expect(wazuhKind({ rule: { ...parsed('web-31101-400-error').rule, groups: ['ddos'] } })).toBe('dos');
    expect(wazuhKind({ rule: { ...parsed('web-31101-400-error').rule, groups: ['json'] } })).toBe('other');
    expect([
      wazuhCategory('integrity', true),
      wazuhCategory('integrity', false),
      wazuhCategory('dos', false),
      wazuhCategory('other', false),
    ]).toEqual(['cyber_defacement', 'cyber', 'cyber_ddos', 'cyber']);
    expect(inWebRoot('/var/www/html/index.php', DEFAULT_WEB_ROOTS)).toBe(true);
    expect(inWebRoot('/var/www', DEFAULT_WEB_ROOTS)).toBe(true);
    expect(inWebRoot('/var/wwwx/index.php', DEFAULT_WEB_ROOTS)).toBe(false);
    expect(inWebRoot('/home/dinkes/public_html/a.php', DEFAULT_WEB_ROOTS)).toBe(true);
    expect(inWebRoot('c:\\InetPub\\wwwroot\\default.aspx', DEFAULT_WEB_ROOTS)).toBe(true);
    expect(inWebRoot('/etc/passwd', DEFAULT_WEB_ROOTS)).toBe(false);
  });

  it("reads Wazuh's colon-less offsets and stores UTC", () => {
    expect(WazuhTimestampSchema.parse('2026-12-03T10:00:00.000+0800')).toBe('2026-12-03T02:00:00.000Z');
    expect(WazuhTimestampSchema.parse('2026-12-03T10:00:00.000+08:00')).toBe('2026-12-03T02:00:00.000Z');
    expect(WazuhTimestampSchema.parse('2026-12-03T02:00:00Z')).toBe('2026-12-03T02:00:00.000Z');
    expect(WazuhTimestampSchema.safeParse('2026-12-03T10:00:00.000').success).toBe(false);
    expect(WazuhTimestampSchema.safeParse('2026-12-03T25:00:00.000+0800').success).toBe(false);
  });

  it('folds repeats: one id per rule, agent and window; counts new alert ids only; keeps the worst severity', () => {
    const a = parsed('sshd-5710-invalid-user');
    expect(foldId(a, 15)).toBe('wazuh:wazuh-kominfo:001:5710:20261203T0200Z');
    expect(foldId({ ...a, timestamp: '2026-12-03T02:14:59.999Z' }, 15)).toBe(foldId(a, 15));
    expect(foldId({ ...a, timestamp: '2026-12-03T02:15:00.000Z' }, 15)).toBe(
      'wazuh:wazuh-kominfo:001:5710:20261203T0215Z',
    );
    const fold = { id: foldId(a, 15), agent: UNMAPPED, foldMinutes: 15 };
    const first = foldIncident(
      { ...fold, alerts: [a, { ...a, id: 'x.2', timestamp: '2026-12-03T02:03:00.000Z' }] },
      null,
    );
    expect(first?.repeatCount).toBe(1);
    expect(first?.input).toMatchObject({
      id: 'wazuh:wazuh-kominfo:001:5710:20261203T0200Z',
      title: 'sshd: Attempt to login using a non-existent user — web-dinkes',
      severity: 'minor',
      category: 'cyber_intrusion',
      occurredAt: '2026-12-03T02:00:01.512Z',
      attributes: { alertCount: 2, lastAlertAt: '2026-12-03T02:03:00.000Z', sourceIps: '198.51.100.23' },
    });
    expect(first?.input.description).toContain('Terjadi 2 kali dalam jendela 15 menit');
    expect(first?.input.description).toContain('belum dipetakan');
    const stored = { ...first?.input, repeatCount: 1, status: 'open' } as unknown as Incident;
    // A redelivery adds nothing; a new alert (here a louder one) adds one and raises the severity.
    expect(foldIncident({ ...fold, alerts: [a] }, stored)).toBeNull();
    const next = foldIncident(
      { ...fold, alerts: [a, { ...a, id: 'x.3', rule: { ...a.rule, level: 10 } }] },
      stored,
    );
    expect([next?.repeatCount, next?.input.severity, next?.input.attributes?.alertCount]).toEqual([
      2,
      'severe',
      3,
    ]);
  });

  it('reads the agents file: by id, else by name; the agency defaults to the service owner; bad files name every problem', () => {
    const catalog = loadCatalog();
    const dir = mkdtempSync(path.join(tmpdir(), 'pantau-wazuh-'));
    try {
      const good = path.join(dir, 'agents.yaml');
      writeFileSync(
        good,
        'webRoots: [/srv/site]\nagents:\n  - { id: "001", agencyId: dinkes, serviceId: web-dinkes }\n  - { name: app-disdukcapil, serviceId: web-disdukcapil, webRoots: [/opt/siak/public] }\n',
      );
      const map = loadWazuhAgentsFile(good, catalog);
      expect(routeAgent(map, catalog, { id: '001', name: 'renamed' })).toMatchObject({
        mapped: true,
        agencyId: 'dinkes',
        serviceId: 'web-dinkes',
        location: catalog.agencyById.get('dinkes')?.location,
        webRoots: ['/srv/site'],
      });
      expect(routeAgent(map, catalog, { id: '002', name: 'app-disdukcapil' })).toMatchObject({
        agencyId: 'disdukcapil',
        webRoots: ['/srv/site', '/opt/siak/public'],
      });
      expect(routeAgent(map, catalog, { id: '077', name: 'nobody' })).toMatchObject({
        mapped: false,
        agencyId: null,
      });
      const bad = path.join(dir, 'agents.json');
      writeFileSync(
        bad,
        JSON.stringify({
          agents: [
            { id: '001', agencyId: 'nope' },
            { id: '001', serviceId: 'web-nope' },
            { agencyId: 'dinkes' },
            { name: 'x' },
          ],
        }),
      );
      expect(() => loadWazuhAgentsFile(bad, catalog)).toThrow(
        /agents\.0\.agencyId: unknown agency "nope"[\s\S]*agents\.1\.serviceId: unknown service "web-nope"[\s\S]*agents\.1\.id: agent "001" is mapped twice/,
      );
      expect(() => loadWazuhAgentsFile(bad, catalog)).toThrow(/agents\.2: give the agent id or name/);
      writeFileSync(bad, '{ not json');
      expect(() => loadWazuhAgentsFile(bad, catalog)).toThrow(/agents\.json: not valid JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Runs the integration script as the Wazuh integrator would. */
function runScript(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'python3',
      [SCRIPT, ...args],
      { env: { ...process.env, ...env }, timeout: 20_000 },
      (err, _o, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stderr }),
    );
  });
}

/** Starts a server with `env` and waits until it exits (all its output read): for start-up refusals. */
function runToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PANTAU_DEMO: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('POST /api/v1/ingest/wazuh on a real server', () => {
  let dir: string;
  let server: TestServer;
  let base: string;
  let key: string;
  let admin: Session;
  let badStart: Promise<{ code: number | null; output: string }>;
  const post = (body: unknown) => ingest(base, key, ROUTE, body);
  const incidents = async () => (await allIncidents(admin)).items;
  const find = async (id: string) => (await incidents()).find((i) => i.id === id);
  /** The alert an incident opened or joined (grouping gathers incidents of one category and agency). */
  const alertOf = async (id: string): Promise<Alert | undefined> =>
    (await allAlerts(admin)).find(
      (a) => a.dedupeKey === `incident:${id}` || a.members?.some((m) => m.key === `incident:${id}`),
    );

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pantau-wazuh-'));
    const agents = path.join(dir, 'agents.yaml');
    writeFileSync(
      agents,
      [
        'agents:',
        '  - { id: "001", agencyId: dinkes, serviceId: web-dinkes }',
        '  - { name: app-disdukcapil, serviceId: web-disdukcapil }',
        '  - { id: "010", agencyId: dishub }',
        '',
      ].join('\n'),
    );
    // A server refusing a bad agents file starts alongside (checked by the last test).
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'agents:\n  - { id: "001", agencyId: no-such-agency }\n');
    badStart = runToExit({ PANTAU_WAZUH_AGENTS_FILE: bad });
    server = await startServer({ env: { PANTAU_WAZUH_AGENTS_FILE: agents } });
    base = server.baseUrl;
    key = await createIngestKey(base, ['incidents:write']);
    admin = await loginAdmin(base);
  });
  afterAll(async () => {
    await server?.stop();
    await badStart;
    rmSync(dir, { recursive: true, force: true });
  });

  it('turns each fixture into an incident with the documented severity, category and agency', async () => {
    const expected: [string, string, string, string, boolean][] = [
      // fixture, severity, category, agency, an alert opens
      ['sshd-5710-invalid-user', 'minor', 'cyber_intrusion', 'dinkes', false],
      ['sshd-5712-brute-force', 'severe', 'cyber_intrusion', 'dinkes', true],
      ['pam-5503-login-failed', 'minor', 'cyber_intrusion', 'disdukcapil', false],
      ['web-31101-400-error', 'minor', 'cyber_intrusion', 'dinkes', false],
      ['web-31103-sql-injection', 'moderate', 'cyber_intrusion', 'dinkes', true],
      ['web-31106-attack-success', 'extreme', 'cyber_intrusion', 'diskominfo', true],
      ['fim-550-webroot-modified', 'moderate', 'cyber_defacement', 'dinkes', true],
      ['fim-554-webroot-added', 'moderate', 'cyber_defacement', 'dinkes', true],
      ['fim-550-etc-modified', 'moderate', 'cyber', 'disdukcapil', true],
      ['rootcheck-510-trojan', 'moderate', 'cyber_malware', 'diskominfo', true],
    ];
    for (const [name, severity, category, agencyId, alerts] of expected) {
      const alert = parsed(name);
      const r = await post(fixture(name));
      expect(r.status, name).toBe(202);
      const id = foldId(alert, 15);
      expect(dataOf(r), name).toEqual({ ids: [id], created: 1, updated: 0, repeated: 0 });
      const inc = await find(id);
      expect(inc, name).toMatchObject({
        severity,
        category,
        agencyId,
        status: 'open',
        occurredAt: alert.timestamp,
        repeatCount: 0,
        attributes: { wazuhRuleId: alert.rule.id, wazuhAgentName: alert.agent.name, alertCount: 1 },
      });
      expect(inc?.source, name).toMatch(/^wazuh:test-/);
      expect(!!(await alertOf(id)), `${name} opens an alert`).toBe(alerts);
    }
    // The mapped agent carries its service and sits at its agency's office; the unmapped one is named.
    const web = await find(foldId(parsed('fim-550-webroot-modified'), 15));
    expect(web?.attributes).toMatchObject({
      serviceId: 'web-dinkes',
      agentMapped: true,
      files: '/var/www/html/index.php',
    });
    expect(web?.attributes?.locationApproximate).toBeUndefined();
    const dinkes = (await admin.request('GET', '/api/v1/agencies')).body as {
      data: { items: { id: string; location: number[] }[] };
    };
    expect(web?.point).toEqual(dinkes.data.items.find((a) => a.id === 'dinkes')?.location);
    const unmapped = await find(foldId(parsed('web-31106-attack-success'), 15));
    expect(unmapped?.description).toContain('Agen srv-ppid (003) belum dipetakan');
    expect(unmapped?.attributes).toMatchObject({ agentMapped: false, locationApproximate: true });
    // Level 3 (a successful login) is not recorded, and says so.
    const before = (await incidents()).length;
    const quiet = await post(fixture('sshd-5715-login-success'));
    expect(quiet.status).toBe(202);
    const answer = dataOf<{ ids: string[]; created: number; ignored?: string }>(quiet);
    expect([answer.ids, answer.created]).toEqual([[], 0]);
    expect(answer.ignored).toMatch(/^1 alert below level 4/);
    expect((await incidents()).length).toBe(before);
  });

  it('takes an array, and refuses non-Wazuh JSON with 422 and the envelope, writing nothing', async () => {
    const batch = [
      variant('web-31103-sql-injection', '1796350000.1', '2026-12-04T08:01:00.000+0800'),
      variant('fim-550-webroot-modified', '1796350000.2', '2026-12-04T08:02:00.000+0800'),
      variant('sshd-5715-login-success', '1796350000.3', '2026-12-04T08:03:00.000+0800'),
    ];
    const r = await post(batch);
    expect(r.status).toBe(202);
    expect(dataOf(r)).toMatchObject({
      ids: ['wazuh:wazuh-kominfo:001:31103:20261204T0000Z', 'wazuh:wazuh-kominfo:001:550:20261204T0000Z'],
      created: 2,
    });

    const before = { incidents: (await incidents()).length, alerts: (await allAlerts(admin)).length };
    const hello = await post({ hello: 'world' });
    expect(hello.status).toBe(422);
    expect(errorOf(hello).code).toBe('not_wazuh_alert');
    expect(errorOf(hello).message).toMatch(/nothing was written/);
    expect(errorOf(hello).issues?.map((i) => i.path)).toEqual(
      expect.arrayContaining([['timestamp'], ['rule'], ['agent'], ['id'], ['location']]),
    );
    // One bad item refuses the whole array, located by index; the good item is not written.
    const mixed = await post([
      variant('web-31103-sql-injection', '1796350000.9', '2026-12-04T09:31:00.000+0800'),
      { ...fixture('sshd-5710-invalid-user'), timestamp: '2026-12-04 09:31:00' },
    ]);
    expect([mixed.status, errorOf(mixed).code]).toEqual([422, 'not_wazuh_alert']);
    expect(errorOf(mixed).issues?.map((i) => i.path)).toEqual([[1, 'timestamp']]);
    for (const body of [[], [1, 2], { alerts: [] }, [{ hello: 'world' }]]) {
      const res = await post(body);
      expect([res.status, errorOf(res).code], JSON.stringify(body)).toEqual([422, 'not_wazuh_alert']);
    }
    const future = await post(
      variant('web-31103-sql-injection', 'f.1', new Date(Date.now() + 3_600_000).toISOString()),
    );
    expect(future.status).toBe(400);
    expect((await incidents()).length).toBe(before.incidents);
    expect((await allAlerts(admin)).length).toBe(before.alerts);
    expect(await find('wazuh:wazuh-kominfo:001:31103:20261204T0130Z')).toBeUndefined();
  });

  it('needs the incidents:write scope (403) and a key (401)', async () => {
    const healthOnly = await createIngestKey(base, ['health:write']);
    const r = await ingest(base, healthOnly, ROUTE, fixture('web-31101-400-error'));
    expect([r.status, typeof errorOf(r).code]).toEqual([403, 'string']);
    const anon = await fetch(base + ROUTE, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fixture('web-31101-400-error')),
    });
    expect(anon.status).toBe(401);
  });

  it('folds repeats of one rule on one agent within the window into one incident with a count, even sent at once', async () => {
    const agent = { id: '010', name: 'web-dishub', ip: '10.20.1.20' };
    const at = (m: number) => `2026-12-04T09:${String(m).padStart(2, '0')}:00.000+0800`;
    const alert = (n: number, m: number) => variant('sshd-5712-brute-force', `1796360000.${n}`, at(m), agent);
    const id = 'wazuh:wazuh-kominfo:010:5712:20261204T0100Z';
    expect(dataOf(await post(alert(1, 1)))).toEqual({ ids: [id], created: 1, updated: 0, repeated: 0 });
    expect(dataOf(await post([alert(2, 3), alert(3, 5)]))).toEqual({
      ids: [id],
      created: 0,
      updated: 0,
      repeated: 1,
    });
    // Five requests at once: every one is counted (the fold is decided inside the commit loop).
    const burst = await Promise.all([4, 5, 6, 7, 8].map((n) => post(alert(n, 6))));
    expect(burst.map((b) => b.status)).toEqual([202, 202, 202, 202, 202]);
    // A redelivery (the script retrying after a lost answer) is not counted again.
    expect(dataOf(await post(alert(2, 3)))).toEqual({ ids: [id], created: 0, updated: 0, repeated: 0 });
    const inc = await find(id);
    expect(inc).toMatchObject({
      agencyId: 'dishub',
      severity: 'severe',
      occurredAt: '2026-12-04T01:01:00.000Z',
      repeatCount: 7,
      attributes: {
        alertCount: 8,
        firstAlertAt: '2026-12-04T01:01:00.000Z',
        lastAlertAt: '2026-12-04T01:06:00.000Z',
      },
    });
    expect(inc?.description).toContain(
      'Terjadi 8 kali dalam jendela 15 menit (pertama 2026-12-04 09:01:00 WITA',
    );
    expect(inc?.timeline.map((t) => t.status)).toEqual(['open']);
    expect(
      (await incidents()).filter((i) => i.attributes?.wazuhRuleId === '5712' && i.agencyId === 'dishub'),
    ).toHaveLength(1);
    // One alert for the fold, its count bumped by each request that added alerts (1 + 1 + 5).
    const alertRow = await alertOf(id);
    expect(alertRow).toMatchObject({
      agencyId: 'dishub',
      severity: 'severe',
      count: 7,
      dedupeKey: `incident:${id}`,
    });
    // The next window is a new incident, which joins the same alert (one category and agency).
    const later = await post(alert(9, 16));
    expect(dataOf(later)).toMatchObject({ ids: ['wazuh:wazuh-kominfo:010:5712:20261204T0115Z'], created: 1 });
    expect((await alertOf('wazuh:wazuh-kominfo:010:5712:20261204T0115Z'))?.id).toBe(alertRow?.id);
  });

  it('the integration script delivers an alert file, and exits non-zero when refused or unreachable', async () => {
    const file = path.join(dir, 'alert.json');
    writeFileSync(
      file,
      JSON.stringify(variant('web-31103-sql-injection', '1796370000.7', '2026-12-05T11:00:00.000+0800')),
    );
    const ok = await runScript([file, key, base + ROUTE, '/tmp/options-not-read']);
    expect(ok, ok.stderr).toMatchObject({ code: 0 });
    expect(await find('wazuh:wazuh-kominfo:001:31103:20261205T0300Z')).toMatchObject({
      severity: 'moderate',
      agencyId: 'dinkes',
    });
    const refused = await runScript([file, 'pk_wrong_key', base + ROUTE]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/refused with 401/);
    // Nothing listens on the hook: retried (quickly here), then a failure for the integrator's log.
    const gone = await runScript([file, key, 'http://127.0.0.1:9/api/v1/ingest/wazuh'], {
      PANTAU_RETRIES: '2',
      PANTAU_RETRY_DELAY: '0.05',
    });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/attempt 2\/2[\s\S]*gave up after 2 attempts/);
    expect((await runScript([file])).code).toBe(2);
  });

  it('a bad agents file stops the server, naming the file and the problem', async () => {
    const { code, output } = await badStart;
    expect(code, output).toBe(1);
    expect(output).toMatch(
      /invalid Wazuh agents file .*bad\.yaml[\s\S]*agents\.0\.agencyId: unknown agency "no-such-agency"/,
    );
  });
});
