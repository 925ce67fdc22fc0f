import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runDueEscalations } from './alerts/escalation.js';
import { runDueNotifications, startAlertWorkers } from './alerts/notify.js';
import { runSilenceExpiry } from './alerts/silences.js';
import { runAckChecks } from './alerts/ackcheck.js';
import { runAutoResolve } from './alerts/autoresolve.js';
import { ROUTES } from '../shared/api/index.js';
import { undeclared } from './http/contract.js';
import { buildApp } from './app.js';
import { ensureAdmin } from './auth/users.js';
import { loadCatalog } from './catalog/catalog.js';
import { loadRoutingFile } from './alerts/routing.js';
import { parseConfig } from './config.js';
import type { Ctx } from './context.js';
import { startDemo } from './demo/simulator.js';
import { startDisplayWatch } from './displays/staleness.js';
import { DEMO_STATE_FILE, DemoState } from './demo/state.js';
import { startBmkgPoller } from './incidents/bmkg.js';
import { NO_AGENT_MAP, attachWazuhAgents, loadWazuhAgentsFile } from './incidents/wazuhAgents.js';
import { startTelegramUpdates } from './notify/botUpdates.js';
import { runReportFollow } from './reports/follow.js';
import { createLogger } from './logger.js';
import { createMetrics } from './ops/metrics.js';
import { LiveHub } from './realtime/hub.js';
import { startCheckpoints } from './realtime/replay.js';
import { CheckScheduler } from './health/scheduler.js';
import { IntegrityScheduler } from './health/integrity/scheduler.js';
import { loadSignatures } from './health/integrity/signatures.js';
import { attachChecks, planServices } from './health/services.js';
import { serviceOverlay, watchCatalog } from './health/catalogEdits.js';
import { watchMaintenanceProblems } from './health/maintenance.js';
import { watchAgencies } from './catalog/agencyEdits.js';
import { watchPolicies } from './alerts/policies.js';
import { watchChannels } from './notify/channelStore.js';
import { Resources } from './ops/resources.js';
import { createStore } from './store/index.js';
import { Archive } from './store/archive.js';
import { startRetention } from './ops/retention.js';
import { ensureIndexes } from './store/reindex.js';
import { ensureUsageLatest } from './usage/usage.js';
import { pacedUsageChecks } from './usage/checks.js';

/** Wires config → store → domains → HTTP → sockets, and listens. Returns a stopper. */
export async function main(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ port: number; stop: () => Promise<void> }> {
  const parsed = parseConfig(env);
  if (!parsed.ok) {
    process.stderr.write(`Invalid configuration:\n${parsed.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exit(2);
  }
  const config = parsed.config;
  const log = createLogger(config.logLevel);
  const store = createStore(config.redis, log, {
    minReplicas: config.redisMinReplicas,
    waitMs: config.redisWaitMs,
  });
  const catalog = loadCatalog();
  if (config.routingFile)
    catalog.routing = loadRoutingFile(config.routingFile, new Set(catalog.agencyById.keys()));
  const plan = planServices(catalog, { servicesFile: config.servicesFile, probes: config.probes });
  // The shipped integrity signatures and the operator's extension: a bad file stops here.
  const signatures = loadSignatures(config.integrity.signaturesFile);
  // Checked against the services the plan knows (the services file included): a bad file stops here.
  const wazuhAgents = config.wazuhAgentsFile
    ? loadWazuhAgentsFile(config.wazuhAgentsFile, plan.catalog)
    : NO_AGENT_MAP;
  const resources = new Resources();
  // The embedded store persists nothing, so neither does its archive: a folder of this run only.
  const archiveDir =
    config.archiveDir ??
    (store.kind === 'memory'
      ? mkdtempSync(path.join(tmpdir(), 'pantau-archive-'))
      : path.resolve('var/archive'));
  const archive = new Archive(archiveDir);
  const ctx: Ctx = { store, catalog: plan.catalog, log, config, now: () => new Date(), resources, archive };
  attachWazuhAgents(ctx, wazuhAgents);
  if (wazuhAgents.file)
    log.info(
      { file: wazuhAgents.file, agents: wazuhAgents.byId.size + wazuhAgents.byName.size },
      'Wazuh agent map loaded',
    );
  // The live check map: the start-up plan plus catalogue edits made through the API, kept current in place.
  const checks = new Map(plan.checks);
  const basePlan = {
    catalog: { ...plan.catalog, services: [...plan.catalog.services] },
    checks: new Map(plan.checks),
  };
  attachChecks(ctx, checks);
  const scheduler = new CheckScheduler(ctx, checks);
  // Website integrity runs on its own schedule, never in the uptime checks' way.
  const integrity = new IntegrityScheduler(ctx, checks, {
    intervalMs: config.integrity.intervalMs,
    cleanRuns: config.integrity.cleanRuns,
    signatures,
  });
  // Catalogue edits (services) layered over the plan; set up before the routers that edit them.
  serviceOverlay(ctx, {
    base: basePlan,
    checks,
    onChange: async () => {
      await scheduler.seed();
      await integrity.seed();
    },
  });
  watchMaintenanceProblems(ctx);
  // Demo on the embedded store: the wall token and passwords of the last run, kept in a file in the
  // working directory so a restart neither refuses open walls nor changes the printed passwords.
  const demoState =
    config.demo && store.kind === 'memory' ? DemoState.open(path.resolve(DEMO_STATE_FILE), log) : null;
  let demoAdminPassword: string | null = null;
  const metrics = createMetrics();
  let hub: LiveHub | null = null;
  let booted = false;
  const app = buildApp(
    ctx,
    metrics,
    () => hub,
    () => booted,
    basePlan,
  );
  // Every mounted route is in the route table (shared/api), so the API description is whole.
  const missing = undeclared(app, ROUTES);
  if (missing.length) {
    const list = missing.map((m) => `${m.method.toUpperCase()} ${m.path}`);
    log.error({ routes: list }, 'routes missing from the route table (shared/api)');
    if (config.contractCheck)
      throw new Error(`routes missing from the route table (shared/api): ${list.join(', ')}`);
  }
  const http = createServer(app);
  hub = new LiveHub(ctx, http, metrics);
  const liveHub = hub;
  metrics.attach({
    feed: () => liveHub.feedStatus(),
    resources: () => resources.snapshot(),
    store: () => store.stats(),
  });
  let wasReady = store.isReady();
  store.onStatus((ready) => {
    if (ready && !wasReady) metrics.storeReconnects.inc();
    wasReady = ready;
  });

  // Everything started below is started once: each step is skipped when an earlier attempt did it,
  // so start-up can fail and be retried any number of times (Redis absent, flapping) and still end
  // with one of each listener, worker, timer and subscription.
  const stoppers: (() => void)[] = [];
  const started = new Set<string>();
  const once = async (
    step: string,
    run: () => Promise<(() => void) | void> | (() => void) | void,
  ): Promise<void> => {
    if (started.has(step)) return;
    const stop = await run();
    started.add(step);
    if (stop) {
      const untrack = resources.track(step);
      stoppers.push(() => {
        stop();
        untrack();
      });
    }
  };
  let stopping = false;
  const boot = async (): Promise<void> => {
    // The live hub needs no store to start: its feed loads and tails the log, retrying by itself.
    liveHub.start();
    for (let attempt = 1; !stopping; attempt++) {
      try {
        await store.waitReady(5_000);
        // Agencies and escalation policies edited through the API, kept current on every instance.
        // Data written before the indexes (or the latest-usage documents) existed gets them, once.
        await once('indexes', async () => {
          while ((await ensureIndexes(store, config.instanceId, log)) === 'busy')
            await new Promise((r) => setTimeout(r, 1_000));
          await ensureUsageLatest(ctx);
          liveHub.reloadNow('indexes ready');
        });
        await once('agencies', () => watchAgencies(ctx));
        await once('policies', () => watchPolicies(ctx));
        // Notification channels set up in the console, over the environment's (read before the workers send).
        await once('channels', () => watchChannels(ctx));
        await once('admin', async () => {
          // The demo on the embedded store keeps its admin password in its state file (printed in its banner).
          const admin = await ensureAdmin(
            ctx,
            demoState && !config.adminPassword ? { password: demoState.password('admin', 12) } : {},
          );
          if (demoState) {
            demoAdminPassword = config.adminPassword ? null : demoState.password('admin', 12);
            if (admin.created) log.info({ username: 'admin', file: demoState.file }, 'demo: admin ready');
          } else if (admin.created && admin.password)
            log.warn(
              { username: 'admin' },
              `first start: created user "admin" with password ${admin.password} (shown once)`,
            );
          else if (admin.created) log.info('first start: created user "admin" with PANTAU_ADMIN_PASSWORD');
        });
        await once('workers', () => {
          const usageChecks = pacedUsageChecks(ctx);
          return startAlertWorkers(ctx, async () => {
            await runDueEscalations(ctx);
            await runSilenceExpiry(ctx);
            await runAckChecks(ctx);
            await runAutoResolve(ctx);
            await runDueNotifications(ctx);
            await usageChecks();
            await runReportFollow(ctx, config.reportFollowMs);
          });
        });
        await once('checkpoints', () => startCheckpoints(ctx, config.checkpointMs));
        await once('retention', () => startRetention(ctx, archive, config.retentionSweepMs));
        await once('display-watch', () => startDisplayWatch(ctx));
        if (config.demo)
          await once('demo', () =>
            startDemo(ctx, log, { state: demoState, adminPassword: demoAdminPassword }),
          );
        if (config.bmkgUrl)
          await once('bmkg', () =>
            startBmkgPoller(ctx, { url: config.bmkgUrl ?? '', intervalMs: config.bmkgIntervalMs }),
          );
        // The bot's button presses and commands (idle until a bot is set up; one instance polls).
        await once('telegram-updates', () => startTelegramUpdates(ctx));
        await once('catalog', () => watchCatalog(ctx));
        await once('integrity', () => integrity.start());
        await scheduler.start();
        booted = true;
        log.info({ attempts: attempt }, 'start-up complete');
        return;
      } catch (err) {
        log.warn({ err: (err as Error).message, attempt }, 'store not ready for start-up; retrying');
        await new Promise((r) => setTimeout(r, Math.min(500 * attempt, 3_000)));
      }
    }
  };

  await new Promise<void>((resolve) => http.listen(config.port, config.host, resolve));
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info(
    { port, store: store.kind, demo: config.demo, instance: config.instanceId },
    `Pantau listening on http://127.0.0.1:${port}`,
  );
  const booting = boot();

  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info('shutdown: stop accepting');
    log.info('shutdown: stopping checks');
    await scheduler.stop();
    await integrity.stop();
    for (const s of stoppers.splice(0).reverse()) s();
    log.info('shutdown: draining sockets');
    await liveHub.close();
    log.info('shutdown: closing HTTP');
    await new Promise<void>((r) => http.close(() => r()));
    log.info('shutdown: closing store');
    await store.close();
    log.info('shutdown: done');
  };
  await Promise.race([booting, new Promise((r) => setTimeout(r, 50))]);
  return { port, stop };
}

const isEntry =
  process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/server\//, '/server/'));
if (isEntry) {
  main()
    .then(({ stop }) => {
      for (const sig of ['SIGTERM', 'SIGINT'] as const) {
        process.once(sig, () => {
          void stop().then(() => process.exit(0));
          setTimeout(() => process.exit(1), 10_000).unref();
        });
      }
    })
    .catch((err: unknown) => {
      process.stderr.write(`fatal: ${String(err)}\n`);
      process.exit(1);
    });
}
