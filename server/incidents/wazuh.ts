/**
 * Wazuh alerts → incidents, purely: severity from the rule level, category from the rule groups
 * (and, for file-integrity alerts, from where the file lies), the fold id that gathers repeats of
 * one rule on one agent within a window, and the incident a fold makes together with the one
 * already stored. README "Wazuh (SIEM) alerts" documents the tables below.
 */
import { MAX_DESCRIPTION_LENGTH, MAX_TITLE_LENGTH } from '../../shared/limits.js';
import {
  SEVERITY_RANK,
  type Incident,
  type IncidentCategory,
  type IncidentInput,
  type LngLat,
  type Severity,
  type WazuhAlert,
} from '../../shared/schemas/index.js';
import { CITY_CENTRE, MAX_ATTRIBUTE_LENGTH, clip, setAttr, type Attributes } from './feeds.js';

/**
 * Wazuh rule level (0–15; 16 accepted) → severity. Wazuh's own scale: 0–3 ignored, low-priority
 * notices and successful or authorised events → not recorded (null); 4–6 low-priority errors,
 * user errors, low-relevance attacks → minor; 7–9 "bad word" matches, first-time-seen events,
 * errors from invalid sources → moderate; 10–11 repeated user errors (brute force), integrity
 * warnings → severe; 12–16 high-importance events, unusual errors, severe attacks → extreme.
 * Minor incidents are recorded and shown but open no alert; moderate and worse open one.
 */
export function wazuhSeverity(level: number): Severity | null {
  if (level <= 3) return null;
  if (level <= 6) return 'minor';
  if (level <= 9) return 'moderate';
  if (level <= 11) return 'severe';
  return 'extreme';
}

/** What an alert is about, from its rule groups (first match in this order wins). */
export type WazuhKind = 'malware' | 'integrity' | 'dos' | 'brute_force' | 'web_attack' | 'other';

/** Rule groups by kind, in the order they are checked. */
export const WAZUH_GROUPS: readonly [Exclude<WazuhKind, 'other'>, ReadonlySet<string>][] = [
  ['malware', new Set(['malware', 'rootcheck', 'rootkit', 'trojan', 'virus', 'virustotal', 'yara', 'clamd'])],
  [
    'integrity',
    new Set([
      'syscheck',
      'syscheck_file',
      'syscheck_entry_added',
      'syscheck_entry_modified',
      'syscheck_entry_deleted',
    ]),
  ],
  ['dos', new Set(['dos', 'ddos'])],
  [
    'brute_force',
    new Set([
      'authentication_failed',
      'authentication_failures',
      'invalid_login',
      'brute_force',
      'win_authentication_failed',
      'sshd',
    ]),
  ],
  ['web_attack', new Set(['attack', 'sql_injection', 'xss', 'web_scan', 'exploit_attempt', 'recon'])],
];

/** The kind of an alert: its rule groups checked in WAZUH_GROUPS order; an alert with `syscheck` details is an integrity change. */
export function wazuhKind(alert: Pick<WazuhAlert, 'rule' | 'syscheck'>): WazuhKind {
  const groups = new Set(alert.rule.groups.map((g) => g.toLowerCase()));
  for (const [kind, names] of WAZUH_GROUPS) {
    if ([...names].some((n) => groups.has(n))) return kind;
    if (kind === 'integrity' && alert.syscheck) return kind;
  }
  return 'other';
}

/**
 * Kind → category: malware → cyber_malware; a file-integrity change below a web root →
 * cyber_defacement, elsewhere → cyber; dos → cyber_ddos; brute force and web attacks →
 * cyber_intrusion; anything else → cyber.
 */
export function wazuhCategory(kind: WazuhKind, inWebRoot: boolean): IncidentCategory {
  switch (kind) {
    case 'malware':
      return 'cyber_malware';
    case 'integrity':
      return inWebRoot ? 'cyber_defacement' : 'cyber';
    case 'dos':
      return 'cyber_ddos';
    case 'brute_force':
    case 'web_attack':
      return 'cyber_intrusion';
    case 'other':
      return 'cyber';
  }
}

/** Where web content usually lives; `PANTAU_WAZUH_AGENTS_FILE` may replace the list (`webRoots`) or add per agent. */
export const DEFAULT_WEB_ROOTS: readonly string[] = [
  '/var/www',
  '/srv/www',
  '/srv/http',
  '/usr/share/nginx/html',
  '/opt/lampp/htdocs',
  '/home/*/public_html',
  'C:/inetpub/wwwroot',
];

const segments = (p: string) =>
  p
    .trim()
    .replace(/\\/g, '/')
    .replace(/\/+$/, '')
    .split('/')
    .filter((s, i) => s !== '' || i === 0);

/** Whether `path` lies at or below one of `roots` (`*` matches one segment; Windows drive paths ignore case). */
export function inWebRoot(path: string, roots: readonly string[]): boolean {
  const file = segments(path);
  return roots.some((root) => {
    const r = segments(root);
    if (r.length > file.length || r.length < 2) return false;
    const fold = /^[A-Za-z]:$/.test(r[0] ?? '');
    return r.every((s, i) => {
      const f = file[i] ?? '';
      return s === '*' ? f !== '' : fold ? s.toLowerCase() === f.toLowerCase() : s === f;
    });
  });
}

/** Where an agent's alerts go: its agency and service from the agents file, or none (unmapped). */
export interface AgentRoute {
  mapped: boolean;
  agencyId: string | null;
  serviceId: string | null;
  /** The agency's office, where the incident is shown; null places it at the city centre, approximately. */
  location: LngLat | null;
  webRoots: readonly string[];
}

/** The severity and category of one alert on an agent (a web-root file change is at least moderate). */
export function classify(
  alert: WazuhAlert,
  agent: AgentRoute,
): { severity: Severity; category: IncidentCategory } {
  const kind = wazuhKind(alert);
  const webRoot = kind === 'integrity' && !!alert.syscheck && inWebRoot(alert.syscheck.path, agent.webRoots);
  const base = wazuhSeverity(alert.rule.level) ?? 'minor';
  // A new or changed file where the site is served may be a defacement or an injected gambling page.
  const severity = webRoot ? worse(base, 'moderate') : base;
  return { severity, category: wazuhCategory(kind, webRoot) };
}

const worse = (a: Severity, b: Severity): Severity => (SEVERITY_RANK[a] <= SEVERITY_RANK[b] ? a : b);

const token = (s: string, max: number) => s.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, max) || '-';

/** The start of the fold window an instant falls in (windows of `minutes`, counted from the epoch). */
export function foldWindowStart(at: string, minutes: number): string {
  const size = minutes * 60_000;
  return new Date(Math.floor(Date.parse(at) / size) * size).toISOString();
}

/**
 * The incident id of an alert: `wazuh:<manager>:<agent id>:<rule id>:<window start>` (e.g.
 * `wazuh:wazuh:001:5710:20261203T0200Z`), the same for every repeat of the rule on the agent
 * within the window, on any instance, in any order.
 */
export function foldId(alert: WazuhAlert, minutes: number): string {
  const w = foldWindowStart(alert.timestamp, minutes);
  const compact = `${w.slice(0, 16).replace(/[-:]/g, '')}Z`;
  return `wazuh:${token(alert.manager.name, 32)}:${token(alert.agent.id, 32)}:${alert.rule.id}:${compact}`;
}

/** The alerts of one fold that arrived in one request, and where the agent's incidents go. */
export interface WazuhFold {
  id: string;
  /** In request order; all of one rule on one agent in one window. */
  alerts: WazuhAlert[];
  agent: AgentRoute;
  foldMinutes: number;
}

/** Alert ids kept on the incident to recognise a redelivery (the newest). */
const KEPT_ALERT_IDS = 25;
/** Source addresses, users and files listed on the incident (the newest, distinct). */
const KEPT_VALUES = 10;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = (v: unknown, sep: string) => str(v).split(sep).filter(Boolean);

/** The newest `max` distinct values of `old` then `add`, joined, within an attribute's length. */
function merged(old: string[], add: (string | undefined)[], sep: string, max = KEPT_VALUES): string {
  const out: string[] = [];
  for (const v of [...old, ...add].reverse()) {
    if (!v || out.includes(v)) continue;
    if ([...out, v].join(sep).length > MAX_ATTRIBUTE_LENGTH) break;
    out.push(v);
    if (out.length >= max) break;
  }
  return out.reverse().join(sep);
}

const dataText = (a: WazuhAlert, key: string): string | undefined => {
  const v = a.data?.[key];
  return typeof v === 'string' && v.trim() ? clip(v, 200) : typeof v === 'number' ? String(v) : undefined;
};

/** "2026-12-03 10:00:00 WITA" (UTC+8, as the screens show times). */
export function wita(at: string): string {
  return `${new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')} WITA`;
}

/**
 * The incident a fold makes, given the one already stored under its id (pure): alerts already
 * counted (same alert id: a redelivery) are skipped — null when none is new; the count, first
 * and last alert, source addresses, users and files accumulate; severity keeps the worst and a
 * web-root change keeps the incident a defacement. The count is `attributes.alertCount`,
 * `repeatCount` (count − 1) and a line of the description.
 */
export function foldIncident(
  fold: WazuhFold,
  prev: Incident | null,
): { input: IncidentInput; repeatCount: number } | null {
  const old = prev?.attributes ?? {};
  const seen = new Set(list(old.wazuhAlertIds, ' '));
  const fresh: WazuhAlert[] = [];
  for (const a of fold.alerts) {
    if (seen.has(a.id)) continue;
    seen.add(a.id);
    fresh.push(a);
  }
  if (!fresh.length) return null;
  const byTime = [...fresh].sort((a, b) =>
    a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0,
  );
  const latest = byTime.at(-1) as WazuhAlert;
  const oldCount = typeof old.alertCount === 'number' ? old.alertCount : prev ? prev.repeatCount + 1 : 0;
  const count = oldCount + fresh.length;
  const firstAt = [prev?.occurredAt, byTime[0]?.timestamp]
    .filter((t): t is string => !!t)
    .sort()[0] as string;
  const lastAt = [str(old.lastAlertAt), latest.timestamp].sort().at(-1) as string;
  let { severity, category } = classify(latest, fold.agent);
  for (const a of fresh) severity = worse(severity, classify(a, fold.agent).severity);
  if (prev) severity = worse(severity, prev.severity);
  if (
    prev?.category === 'cyber_defacement' ||
    fresh.some((a) => classify(a, fold.agent).category === 'cyber_defacement')
  )
    category = 'cyber_defacement';
  const { agent, rule, manager } = latest;
  const attributes: Attributes = {};
  setAttr(attributes, 'wazuhRuleId', rule.id);
  setAttr(attributes, 'wazuhLevel', rule.level);
  setAttr(attributes, 'wazuhKind', wazuhKind(latest));
  setAttr(attributes, 'wazuhGroups', rule.groups.join(', '));
  setAttr(attributes, 'wazuhAgentId', agent.id);
  setAttr(attributes, 'wazuhAgentName', agent.name);
  setAttr(attributes, 'wazuhAgentIp', agent.ip);
  setAttr(attributes, 'wazuhManager', manager.name);
  setAttr(attributes, 'wazuhDecoder', latest.decoder.name);
  setAttr(attributes, 'wazuhLocation', latest.location);
  setAttr(attributes, 'wazuhFiredTimes', rule.firedtimes);
  setAttr(attributes, 'mitreIds', rule.mitre?.id?.join(', '));
  setAttr(attributes, 'mitreTactics', rule.mitre?.tactic?.join(', '));
  setAttr(attributes, 'agentMapped', fold.agent.mapped);
  setAttr(attributes, 'serviceId', fold.agent.serviceId);
  setAttr(attributes, 'alertCount', count);
  setAttr(attributes, 'firstAlertAt', firstAt);
  setAttr(attributes, 'lastAlertAt', lastAt);
  setAttr(attributes, 'foldMinutes', fold.foldMinutes);
  setAttr(
    attributes,
    'wazuhAlertIds',
    merged(
      list(old.wazuhAlertIds, ' '),
      fresh.map((a) => a.id),
      ' ',
      KEPT_ALERT_IDS,
    ),
  );
  const ips = merged(
    list(old.sourceIps, ', '),
    byTime.map((a) => dataText(a, 'srcip')),
    ', ',
  );
  const users = merged(
    list(old.sourceUsers, ', '),
    byTime.map((a) => dataText(a, 'srcuser') ?? dataText(a, 'dstuser')),
    ', ',
  );
  const urls = merged(
    list(old.urls, '\n'),
    byTime.map((a) => dataText(a, 'url')),
    '\n',
  );
  const files = merged(
    list(old.files, '\n'),
    byTime.map((a) => (a.syscheck ? clip(a.syscheck.path, 300) : dataText(a, 'file'))),
    '\n',
  );
  setAttr(attributes, 'sourceIps', ips);
  setAttr(attributes, 'sourceUsers', users);
  setAttr(attributes, 'urls', urls);
  setAttr(attributes, 'files', files);
  if (!fold.agent.location) setAttr(attributes, 'locationApproximate', true);

  const where = [agent.id, agent.ip].filter(Boolean).join(', ');
  const description = [
    `Wazuh: aturan ${rule.id} (level ${rule.level}) pada agen ${agent.name} (${where}), manajer ${manager.name}.`,
    `Terjadi ${count} kali dalam jendela ${fold.foldMinutes} menit (pertama ${wita(firstAt)}, terakhir ${wita(lastAt)}).`,
    rule.groups.length ? `Grup: ${rule.groups.join(', ')}` : null,
    rule.mitre?.id?.length
      ? `MITRE ATT&CK: ${rule.mitre.id.join(', ')}${rule.mitre.tactic?.length ? ` (${rule.mitre.tactic.join(', ')})` : ''}`
      : null,
    ips ? `IP sumber: ${ips}` : null,
    users ? `Pengguna: ${users}` : null,
    urls ? `URL: ${urls.replace(/\n/g, ', ')}` : null,
    files
      ? `Berkas: ${files.replace(/\n/g, ', ')}${latest.syscheck?.event ? ` (${latest.syscheck.event})` : ''}`
      : null,
    fold.agent.mapped
      ? null
      : `Agen ${agent.name} (${agent.id}) belum dipetakan di PANTAU_WAZUH_AGENTS_FILE: diteruskan menurut aturan rute siber.`,
    latest.full_log ? `Log terakhir: ${clip(latest.full_log, 2000, false)}` : null,
  ].filter((l): l is string => l !== null);

  const input: IncidentInput = {
    id: fold.id,
    title: clip(`${rule.description} — ${agent.name}`, MAX_TITLE_LENGTH),
    description: clip(description.join('\n'), MAX_DESCRIPTION_LENGTH, false),
    category,
    severity,
    certainty: 'observed',
    location: fold.agent.location ?? CITY_CENTRE,
    occurredAt: firstAt,
    ...(fold.agent.agencyId ? { agencyId: fold.agent.agencyId } : {}),
    status: 'open',
    attributes,
  };
  return { input, repeatCount: count - 1 };
}
