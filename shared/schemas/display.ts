import { z } from 'zod';
import {
  WALL_DEFAULT_RELOAD_HOURS,
  WALL_DEFAULT_ROTATE_SECONDS,
  WALL_MAX_RELOAD_HOURS,
  WALL_MAX_ROTATE_SECONDS,
  WALL_MIN_ROTATE_SECONDS,
} from '../limits.js';

/** The views a wall can show, by the names its URL uses (`?rotate=map,services`). */
export const WALL_VIEWS = ['map', 'services', 'governance'] as const;
export type WallView = (typeof WALL_VIEWS)[number];
export const WallViewSchema = z.enum(WALL_VIEWS);

/**
 * What the wall's kelurahan shading shows (`?shading=`): app users per kelurahan (`usage`, the
 * default) or citizen reports per kelurahan over the last 30 days (`reports`).
 */
export const WALL_SHADINGS = ['usage', 'reports'] as const;
export type WallShading = (typeof WALL_SHADINGS)[number];
export const WallShadingSchema = z.enum(WALL_SHADINGS);

/** The languages a wall can speak (`?lang=`). */
export const WALL_LANGUAGES = ['id', 'en'] as const;
export const WallLanguageSchema = z.enum(WALL_LANGUAGES);

/**
 * A wall display's stored config, managed from the console and pushed to the open wall: the views
 * it rotates through (in order, no repeats), seconds per view, its language, how often it
 * reloads itself (hours; 0 never) and what its kelurahan shading shows. The URL's `?rotate=`,
 * `?interval=`, `?lang=`, `?reload=` and `?shading=` apply only to a display without one.
 */
export const DisplayConfigSchema = z
  .object({
    views: z
      .array(WallViewSchema)
      .min(1, 'at least one view')
      .max(WALL_VIEWS.length)
      .refine((v) => new Set(v).size === v.length, 'each view once'),
    rotateSeconds: z.number().int().min(WALL_MIN_ROTATE_SECONDS).max(WALL_MAX_ROTATE_SECONDS),
    language: WallLanguageSchema,
    reloadHours: z.number().min(0).max(WALL_MAX_RELOAD_HOURS),
    /** The kelurahan shading; absent: app usage. */
    shading: WallShadingSchema.optional(),
  })
  .strict();
export type DisplayConfig = z.infer<typeof DisplayConfigSchema>;

/** What a display without a stored config is given when a PATCH sets only some fields. */
export const DEFAULT_DISPLAY_CONFIG: DisplayConfig = {
  views: ['map'],
  rotateSeconds: WALL_DEFAULT_ROTATE_SECONDS,
  language: 'id',
  reloadHours: WALL_DEFAULT_RELOAD_HOURS,
};

/**
 * `PATCH /displays/:id`: a new name and/or config. `config` fields left out keep their stored value
 * (or the default); `config: null` drops the stored config, so the wall's URL rules again. A stale
 * `expectedVersion` (the display's `version` as listed) answers 409.
 */
export const DisplayPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    config: DisplayConfigSchema.partial().strict().nullable().optional(),
    expectedVersion: z.number().int().positive().optional(),
  })
  .strict()
  .refine((p) => p.name !== undefined || p.config !== undefined, {
    message: 'give a name or a config',
    path: ['config'],
  });
export type DisplayPatch = z.infer<typeof DisplayPatchSchema>;

/** Where a display's wall was last seen: when, through which server instance, and whether it is connected now. */
export const DisplayPresenceSchema = z.object({
  /** Last time a wall with this display's token connected, was connected or disconnected; null: never. */
  lastSeenAt: z.string().nullable(),
  /** The server instance (`PANTAU_INSTANCE_ID`) the wall was last connected to. */
  instance: z.string().nullable(),
  /** A wall with this token is connected now (and its instance vouched for it recently). */
  online: z.boolean(),
});
export type DisplayPresence = z.infer<typeof DisplayPresenceSchema>;
