/** Named limits shared by schemas, server middleware and forms. */

/** Most items accepted in one ingest request. */
export const MAX_BATCH = 1000;
/** Largest JSON request body, in bytes (a full batch of rich incidents fits comfortably). */
export const MAX_JSON_BODY_BYTES = 2 * 1024 * 1024;
/** Largest XML (CAP) request body, in bytes. */
export const MAX_XML_BODY_BYTES = 512 * 1024;
/** Longest client-supplied identifier. */
export const MAX_ID_LENGTH = 128;
/** Longest title or headline. */
export const MAX_TITLE_LENGTH = 300;
/** Longest free-text description. */
export const MAX_DESCRIPTION_LENGTH = 8000;
/** Longest note on an acknowledgement or resolution. */
export const MAX_NOTE_LENGTH = 2000;
/** Most vertices in an incident polygon. */
export const MAX_POLYGON_POINTS = 2000;
/** Largest incident circle radius, in metres. */
export const MAX_RADIUS_METERS = 200_000;
/** Live deltas are coalesced into at most one message per this many milliseconds per client. */
export const DELTA_COALESCE_MS = 250;
/** A view whose data has not changed or been confirmed for this long shows itself as stale. */
export const STALE_AFTER_MS = 15_000;
/** Server heartbeat on the live channel so quiet periods are not mistaken for staleness. */
export const LIVE_HEARTBEAT_MS = 5_000;
/**
 * Most event-log entries the store keeps (approximate trimming): a cap on memory during a burst.
 * Retention archives the log as it comes (a minute behind) and trims it to EVENT_LOG_HOT_MS; only
 * a burst beyond this cap within a minute would trim events before they are archived.
 */
export const EVENT_LOG_MAX_LEN = 200_000;
/** How long logged events stay in the store (live resync, recent replays) after being archived. */
export const EVENT_LOG_HOT_MS = 48 * 3_600_000;
/** Most items returned in one page of a list endpoint. */
export const MAX_PAGE_SIZE = 500;
/**
 * Most incidents a snapshot carries in full (the most severe, then the newest); during a flood the
 * rest go as counts per kelurahan and category, drawn as clusters on the wall's map.
 */
export const SNAPSHOT_MAX_INCIDENTS = 2_000;
/** Longest short description an alert carries (its source's text, cut). */
export const MAX_SHORT_DESCRIPTION = 280;

/**
 * Alert grouping, the default rule (an agency may set its own, `alertGrouping` on the agency):
 * an incident of the same category and agency as an open alert, within `radiusMeters` of one of
 * its members and within `windowMinutes` of its last member, joins that alert instead of opening
 * another. `radiusMeters: 0` turns grouping off.
 */
export const ALERT_GROUPING = { radiusMeters: 1_000, windowMinutes: 30 } as const;
/** Most members a grouped alert lists (the newest); its `count` counts them all. */
export const ALERT_GROUP_MAX_MEMBERS = 100;

/**
 * Auto-resolve, by alert category (`*`: every other one): an alert whose condition cleared and that
 * nobody touched (still `new`: not acknowledged, assigned or snoozed) closes itself this many
 * minutes after clearing, audited as the system; 0 never. `PANTAU_AUTO_RESOLVE` overrides entries.
 */
export const AUTO_RESOLVE_MINUTES: Readonly<Record<string, number>> = {
  '*': 30,
  service_outage: 15,
  monitor: 15,
};

/**
 * A wall's rotation (its stored config, or `?interval=`): seconds per view, at least
 * WALL_MIN_ROTATE_SECONDS so a screen stays readable, at most an hour; WALL_DEFAULT_ROTATE_SECONDS
 * when nothing says otherwise.
 */
export const WALL_MIN_ROTATE_SECONDS = 5;
export const WALL_MAX_ROTATE_SECONDS = 3_600;
export const WALL_DEFAULT_ROTATE_SECONDS = 30;
/** A wall reloads itself every this many hours by default (a leak backstop; 0 never), at most two weeks. */
export const WALL_DEFAULT_RELOAD_HOURS = 12;
export const WALL_MAX_RELOAD_HOURS = 24 * 14;
/** Default minutes a display may go unseen before the command center is alerted (`PANTAU_DISPLAY_STALE_MINUTES`). */
export const DISPLAY_STALE_MINUTES = 10;
/** Default seconds between two integrity runs of a website (`PANTAU_INTEGRITY_INTERVAL_SECONDS`). */
export const INTEGRITY_INTERVAL_SECONDS = 3_600;
/** Default clean integrity runs in a row that close a finding (`PANTAU_INTEGRITY_CLEAN_RUNS`). */
export const INTEGRITY_CLEAN_RUNS = 3;
/**
 * Wazuh alerts of one rule on one agent within one window of this many minutes (fixed windows counted
 * from the epoch: for 15, :00 :15 :30 :45 UTC) fold into one incident with a count; `PANTAU_WAZUH_FOLD_MINUTES` overrides it.
 */
export const WAZUH_FOLD_MINUTES = 15;
