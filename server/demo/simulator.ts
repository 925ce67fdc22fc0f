import type {
  HealthSample,
  IncidentInput,
  LngLat,
  NewUser,
  Severity,
  UsageSample,
} from '../../shared/schemas/index.js';
import { recordHeartbeats } from '../health/health.js';
import { createUser, findUserByName } from '../auth/users.js';
import { secret } from '../auth/tokens.js';
import type { Ctx } from '../context.js';
import { recordIncidents } from '../incidents/incidents.js';
import type { Logger } from '../logger.js';
import { recordUsage } from '../usage/usage.js';
import { demoWallToken, type DemoState } from './state.js';

/** Open simulated incidents kept on the map; older ones are closed. */
const DEMO_OPEN_INCIDENTS = 40;

/** Agencies that get a demo liaison account. */
const DEMO_LIAISON_AGENCIES = ['bpbd', 'diskominfo', 'dinkes', 'satpolpp', 'dishub', 'damkar'];

const KINDS: { category: IncidentInput['category']; titles: string[]; severities: Severity[] }[] = [
  {
    category: 'flood',
    titles: ['Banjir setinggi lutut', 'Genangan air di jalan utama', 'Luapan drainase'],
    severities: ['severe', 'moderate', 'minor'],
  },
  {
    category: 'fire',
    titles: ['Kebakaran rumah warga', 'Kebakaran lahan', 'Korsleting listrik di ruko'],
    severities: ['extreme', 'severe', 'moderate'],
  },
  {
    category: 'landslide',
    titles: ['Tanah longsor di lereng permukiman', 'Retakan tanah di tebing'],
    severities: ['severe', 'moderate'],
  },
  {
    category: 'traffic',
    titles: ['Kecelakaan lalu lintas', 'Kemacetan parah', 'Lampu lalu lintas mati'],
    severities: ['moderate', 'minor'],
  },
  {
    category: 'public_order',
    titles: ['Keributan warga', 'Pedagang liar menutup jalan'],
    severities: ['minor', 'moderate'],
  },
  {
    category: 'crime',
    titles: ['Laporan pencurian kendaraan', 'Pencurian di minimarket'],
    severities: ['moderate', 'minor'],
  },
  { category: 'cyber_defacement', titles: ['Situs OPD terkena defacement'], severities: ['severe'] },
  { category: 'cyber_ddos', titles: ['Serangan DDoS ke portal kota'], severities: ['severe', 'extreme'] },
  {
    category: 'health',
    titles: ['Lonjakan kasus DBD', 'Keracunan makanan massal'],
    severities: ['moderate', 'severe'],
  },
];

function pick<T>(xs: readonly T[]): T {
  const x = xs[Math.floor(Math.random() * xs.length)];
  if (x === undefined) throw new Error('empty choice');
  return x;
}

/** A random point on land inside a random Balikpapan kelurahan. */
function randomPointInCity(ctx: Ctx): LngLat {
  for (let i = 0; i < 200; i++) {
    const p: LngLat = [116.8 + Math.random() * 0.27, -1.3 + Math.random() * 0.24];
    if (ctx.catalog.locate(p)) return p;
  }
  return [116.85, -1.25];
}

/** WITA hour of day (UTC+8). */
function witaHour(d: Date): number {
  return (d.getUTCHours() + 8) % 24;
}

/** What main() hands the demo: the kept credentials (embedded store only) and the admin's password. */
export interface DemoOptions {
  /** Credentials kept across restarts (demo on the embedded store); null: made afresh, as before. */
  state?: DemoState | null;
  /** The admin's password when this start knows it (made or kept for the demo), else null. */
  adminPassword?: string | null;
}

/**
 * Demo mode: accounts for every role, a wall token, and a simulator producing realistic traffic
 * for the three feeds through the same service functions the API uses. Returns a stopper.
 */
export async function startDemo(ctx: Ctx, log: Logger, opts: DemoOptions = {}): Promise<() => void> {
  const state = opts.state ?? null;
  const system = {
    actor: { kind: 'system', id: null, name: 'demo', role: null, agencyId: null },
    ip: null,
    channel: 'system' as const,
  };
  const accounts: string[] = [];
  const account = async (
    username: string,
    role: NewUser['role'],
    agencyId?: string,
  ): Promise<string | null> => {
    const exists = await findUserByName(ctx, username);
    // A kept password is known even when the user exists (a retried start); otherwise only new ones are.
    if (exists) return state ? state.password(username) : null;
    const password = state ? state.password(username) : secret(9);
    await createUser(ctx, { username, password, role, ...(agencyId ? { agencyId } : {}) }, system);
    return password;
  };
  for (const [username, role] of [
    ['supervisor', 'supervisor'],
    ['operator', 'operator'],
  ] as const) {
    const password = await account(username, role);
    if (password) accounts.push(`${role.padEnd(10)} ${username} / ${password}`);
  }
  for (const agencyId of DEMO_LIAISON_AGENCIES.filter((a) => ctx.catalog.agencyById.has(a))) {
    const username = `liaison-${agencyId}`;
    const password = await account(username, 'liaison', agencyId);
    if (password)
      accounts.push(
        `liaison    ${username} / ${password}  (${ctx.catalog.agencyById.get(agencyId)?.shortName ?? agencyId})`,
      );
  }
  const token = await demoWallToken(ctx, state, system);
  const base = ctx.config.publicUrl ?? `http://127.0.0.1:${ctx.config.port}`;
  log.warn(
    { wall: `${base}/wall`, accounts: accounts.length, kept: state ? state.file : null },
    'demo mode: simulated traffic on the embedded store',
  );
  const admin = ctx.config.adminPassword
    ? '(PANTAU_ADMIN_PASSWORD)'
    : (opts.adminPassword ?? '(printed above at first start)');
  // The banner is for the person at the terminal, so it is plain text rather than a JSON log line.
  process.stdout.write(
    `\n==== DEMO MODE: simulated traffic${ctx.store.kind === 'memory' ? ', embedded store' : ''} ====\n` +
      `Pantau demo: login admin / ${admin} at ${base}/console\n` +
      `Wall:    ${base}/wall?token=${token}\nConsole: ${base}/console   Liaison: ${base}/liaison\n` +
      `Accounts (role, username / password):\n  ${accounts.join('\n  ')}\n` +
      (state
        ? `Kept in ${state.file} (mode 0600): the same wall token and passwords at the next start;\n` +
          `delete it for new ones. Incidents, alerts and changes are not kept.\n`
        : '') +
      `======================================================\n\n`,
  );

  const services = ctx.catalog.services;
  // A few services misbehave so the wall has something to show.
  const flaky = new Set(services.filter((_, i) => i % 7 === 3).map((s) => s.id));
  const dead = new Set(services.filter((_, i) => i % 11 === 5).map((s) => s.id));
  let n = 0;
  const open: IncidentInput[] = [];

  const healthTick = async () => {
    const now = new Date();
    const samples: HealthSample[] = services.map((s) => {
      const down = dead.has(s.id) || (flaky.has(s.id) && Math.random() < 0.35);
      const slow = !down && Math.random() < 0.05;
      return {
        serviceId: s.id,
        status: down ? 'down' : slow ? 'degraded' : 'up',
        latencyMs: down ? 0 : Math.round((slow ? 2500 : 120) + Math.random() * 300),
        checkedAt: now.toISOString(),
        ...(down
          ? {
              reason: pick(['connect', 'timeout', 'status', 'redirect'] as const),
              message: 'simulated failure',
            }
          : {}),
      };
    });
    await recordHeartbeats(ctx, samples);
  };

  const incidentTick = async () => {
    const kind = pick(KINDS);
    const now = new Date();
    const input: IncidentInput = {
      id: `demo-${now.getTime().toString(36)}-${(n++).toString(36)}`,
      title: pick(kind.titles),
      category: kind.category,
      severity: pick(kind.severities),
      location: randomPointInCity(ctx),
      occurredAt: now.toISOString(),
      source: 'demo',
    };
    // Crews finish their work: beyond a handful of open demo incidents, the oldest is closed.
    open.push(input);
    const done = open.length > DEMO_OPEN_INCIDENTS ? open.splice(0, open.length - DEMO_OPEN_INCIDENTS) : [];
    await recordIncidents(ctx, [input, ...done.map((d) => ({ ...d, status: 'closed' as const }))], {
      source: 'demo',
      owner: 'system:demo',
    });
  };

  const usageTick = async () => {
    const now = new Date();
    const h = witaHour(now);
    const daytime = h >= 7 && h <= 21 ? 1 : 0.15;
    const samples: UsageSample[] = ctx.catalog.apps.map((a) => ({
      appId: a.id,
      metric: 'active_users',
      value: Math.round((a.baseline?.value ?? 100) * daytime * (0.8 + Math.random() * 0.4)),
      at: now.toISOString(),
      period: 'instant',
      source: 'demo',
    }));
    // Per-kelurahan use of the permit app, for the wall's participation choropleth: busier downtown.
    if (ctx.catalog.appById.has('perizinan')) {
      for (const k of ctx.catalog.areas.kelurahan) {
        const downtown = k.kecamatanCode === '64.71.04' || k.kecamatanCode === '64.71.06' ? 3 : 1;
        samples.push({
          appId: 'perizinan',
          metric: 'active_users',
          value: Math.round(downtown * daytime * (5 + Math.random() * 20)),
          at: now.toISOString(),
          period: 'instant',
          kelurahanCode: k.code,
          source: 'demo',
        });
      }
    }
    await recordUsage(ctx, samples);
  };

  const guard = (name: string, fn: () => Promise<void>) => () => {
    fn().catch((err: unknown) => log.debug({ err: String(err), tick: name }, 'demo tick failed'));
  };
  guard('health', healthTick)();
  guard('usage', usageTick)();
  const timers = [
    setInterval(guard('health', healthTick), 10_000),
    setInterval(guard('incident', incidentTick), 6_000),
    setInterval(guard('usage', usageTick), 30_000),
  ];
  return () => timers.forEach((t) => clearInterval(t));
}
