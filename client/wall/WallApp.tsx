/** The command-center wall: header, KPI strip, live map and latest events; no mouse needed. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { t, useLang } from '../i18n/index.js';
import { LiveStoreContext, useLive, useLiveHealth } from '../live/hooks.js';
import { tokenFromUrl } from '../live/socket.js';
import type { LiveStore } from '../live/store.js';
import { buildServicePins, focusBounds } from '../map/features.js';
import type { MapVariant } from '../map/style.js';
import { useAreaNames } from '../map/useAreaNames.js';
import { WallMap } from '../map/WallMap.js';
import { EscalationPanel } from './EscalationPanel.js';
import { wallRedAlerts } from './escalation.js';
import { WallRedBanner } from './WallRedBanner.js';
import { EventFeed } from './EventFeed.js';
import { KpiStrip } from './KpiStrip.js';
import { Legend } from './Legend.js';
import { ContextLostNotice, RevokedScreen, StaleBanner } from './Notices.js';
import { CONTEXT_RESTORE_GRACE_MS } from './reload.js';
import { WallHeader } from './WallHeader.js';
import { ReplayBar } from './ReplayBar.js';
import type { ReplayControl } from '../live/replay.js';
import { usePlaylist } from './playlist.js';
import { ServicesPanel } from './ServicesPanel.js';
import { GovernancePanel } from './GovernancePanel.js';
import { useParticipation, useShading } from './participation.js';
import { useMapAttribution } from './attribution.js';

export type Props = { store: LiveStore; replay?: ReplayControl | null };

export function WallApp({ store, replay = null }: Props) {
  const lang = useLang();
  useEffect(() => {
    document.title = t('wall.documentTitle');
  }, [lang]);
  return (
    <LiveStoreContext.Provider value={store}>
      <Wall replayControl={replay} />
    </LiveStoreContext.Provider>
  );
}

function Wall({ replayControl }: { replayControl: ReplayControl | null }) {
  const replay = useLive((s) => s.replay);
  const connection = useLive((s) => s.connection);
  const revokedReason = useLive((s) => s.revokedReason);
  const revokedKind = useLive((s) => s.revokedKind);
  const restored = useLive((s) => s.restored);
  const serverOffsetMs = useLive((s) => s.serverOffsetMs);
  const demo = useLive((s) => s.demo);
  const kpis = useLive((s) => s.kpis);
  const usage = useLive((s) => s.usage);
  const alerts = useLive((s) => s.alerts);
  // Unanswered alerts at their last step: a red banner across the wall.
  const red = useMemo(() => wallRedAlerts(alerts), [alerts]);
  const attribution = useMapAttribution();
  const { health, stale: notLive, dataAt: lastUpdateAt, now } = useLiveHealth();
  // A replay is the past on purpose: its own bar says so, not the stale warnings.
  const stale = notLive && health !== 'replay';
  const feedStalled = health === 'feedStalled';
  const areaNames = useAreaNames();
  const [contextLostAt, setContextLostAt] = useState<number | null>(null);
  const agencies = useLive((s) => s.agencies);
  const services = useLive((s) => s.services);
  const serviceStates = useLive((s) => s.serviceStates);
  // Pin positions do not depend on states, so an empty state map gives the same bounds.
  const focus = useMemo(
    () => focusBounds(buildServicePins(agencies, services, new Map())),
    [agencies, services],
  );

  const shading = useShading();
  const participation = useParticipation(tokenFromUrl(), shading);
  const view = usePlaylist();
  useEffect(() => {
    // For operators and tests: what the kelurahan shading shows, and how many kelurahan it shades.
    document.body.dataset.wallShading = shading;
    document.body.dataset.wallShaded = String(participation.values.size);
  }, [shading, participation]);
  useEffect(() => {
    // For operators and tests: which view shows, and how many switches so far (monotonic).
    const b = document.body.dataset;
    if (b.wallView !== undefined && b.wallView !== view)
      b.wallRotations = String(Number(b.wallRotations ?? '0') + 1);
    b.wallView = view;
  }, [view]);
  const ready = useRef(new Set<MapVariant>());
  const onOverviewReady = useCallback(() => markReady(ready.current, 'overview'), []);
  const onDetailReady = useCallback(() => markReady(ready.current, 'detail'), []);
  const onGeoError = useCallback((source: string) => {
    document.body.dataset.geoError = source;
  }, []);
  const onContextLost = useCallback(() => setContextLostAt(Date.now()), []);
  const onContextRestored = useCallback(() => setContextLostAt(null), []);

  useEffect(() => {
    if (contextLostAt === null) return;
    const id = setTimeout(() => window.location.reload(), CONTEXT_RESTORE_GRACE_MS);
    return () => clearTimeout(id);
  }, [contextLostAt]);

  useEffect(() => {
    document.body.dataset.stale = stale ? 'true' : 'false';
    document.body.dataset.liveHealth = health;
  }, [stale, health]);

  if (connection === 'revoked') {
    return <RevokedScreen reason={revokedReason} kind={revokedKind} hasToken={tokenFromUrl() !== null} />;
  }

  const serverNow = now + serverOffsetMs;
  return (
    <div
      className={`wall${replay ? ' wall--replay' : stale ? ' wall--stale' : ''}${red.length ? ' wall--red' : ''}`}
    >
      {replay && replayControl ? <ReplayBar replay={replay} control={replayControl} /> : null}
      <WallHeader
        connection={connection}
        feedStalled={feedStalled}
        lastUpdateAt={lastUpdateAt}
        stale={stale}
        demo={demo}
        now={now}
        serverOffsetMs={serverOffsetMs}
      />
      <KpiStrip
        kpis={kpis}
        services={services}
        serviceStates={serviceStates}
        usage={usage}
        alerts={alerts}
        serverNow={serverNow}
      />
      <WallRedBanner alerts={red} agencies={agencies} serverNow={serverNow} />
      <main className="wall-main">
        <div className="wall-views" data-view={view}>
          <section
            className={`wall-maps${view === 'map' ? '' : ' wall-view--hidden'}`}
            aria-label={t('map.label')}
            aria-hidden={view !== 'map'}
            data-testid="wall-map-view"
          >
            <div className="map-panel map-panel--overview">
              <WallMap
                className="map-panel__canvas"
                label={t('map.overviewLabel')}
                variant="overview"
                focus={focus}
                expose
                participation={participation.values}
                onReady={onOverviewReady}
                onGeoError={onGeoError}
                onContextLost={onContextLost}
                onContextRestored={onContextRestored}
              />
              <h2 className="map-panel__title">{t('map.overview')}</h2>
            </div>
            <div className="map-panel map-panel--detail">
              <WallMap
                className="map-panel__canvas"
                label={t('map.detailLabel')}
                variant="detail"
                focus={focus}
                onReady={onDetailReady}
                onGeoError={onGeoError}
                onContextLost={onContextLost}
                onContextRestored={onContextRestored}
              />
              <h2 className="map-panel__title">{t('map.detail')}</h2>
            </div>
            <Legend
              attribution={attribution}
              shading={shading}
              shadingMax={participation.loaded ? participation.max : null}
            />
            {stale && !replay ? (
              <StaleBanner
                connection={connection}
                lastUpdateAt={lastUpdateAt}
                now={now}
                restored={restored && connection !== 'connected'}
                feedStalled={feedStalled}
              />
            ) : null}
            {contextLostAt !== null ? (
              <ContextLostNotice reloadInMs={Math.max(0, CONTEXT_RESTORE_GRACE_MS - (now - contextLostAt))} />
            ) : null}
          </section>
          {view === 'services' ? <ServicesPanel /> : null}
          {view === 'governance' ? <GovernancePanel liveStale={stale} /> : null}
        </div>
        <div className="wall-side">
          <EscalationPanel
            serverNow={serverNow}
            lastUpdateAt={lastUpdateAt}
            serverOffsetMs={serverOffsetMs}
            stale={stale}
          />
          <EventFeed serverNow={serverNow} areaNames={areaNames} />
        </div>
      </main>
    </div>
  );
}

/** Both maps drew their basemap once: tests and operators can rely on what they see. */
function markReady(ready: Set<MapVariant>, variant: MapVariant): void {
  ready.add(variant);
  if (ready.has('overview') && ready.has('detail')) document.body.dataset.mapReady = '1';
}
