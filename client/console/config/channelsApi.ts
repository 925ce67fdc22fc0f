/**
 * The notification channels' calls (Telegram bot, webhook, e-mail): list, save, forget, send a
 * test. Answers are parsed with their routes' answer schemas (shared/api/channels.ts).
 */
import { parseData, request } from '../../live/api.js';
import {
  ChannelListResponseSchema,
  ChannelResponseSchema,
  ChannelTestResponseSchema,
} from '../../../shared/api/channels.js';
import type {
  ChannelKind,
  ChannelTestResult,
  ChannelView,
  EmailChannelInput,
  TelegramChannelInput,
  WebhookChannelInput,
} from '../../../shared/schemas/index.js';

export type { ChannelKind, ChannelView };

/** A channel's PUT body, by kind. */
export type ChannelInput =
  | { kind: 'telegram'; body: TelegramChannelInput }
  | { kind: 'webhook'; body: WebhookChannelInput }
  | { kind: 'email'; body: EmailChannelInput };

const path = (kind: ChannelKind) => `/api/v1/notification-channels/${encodeURIComponent(kind)}`;

export const listChannels = async (): Promise<ChannelView[]> =>
  parseData(ChannelListResponseSchema, await request('GET', '/api/v1/notification-channels')).items;

/** Saves one channel; a stale `expectedVersion` fails with 409. */
export const saveChannel = async (input: ChannelInput): Promise<ChannelView> =>
  parseData(ChannelResponseSchema, await request('PUT', path(input.kind), input.body));

/** Forgets the stored settings of a channel: the environment's apply again. */
export const forgetChannel = async (kind: ChannelKind): Promise<ChannelView> =>
  parseData(ChannelResponseSchema, await request('DELETE', path(kind)));

/** Sends a test message now; a remote's refusal fails with 502 and its words. */
export const testChannel = async (kind: ChannelKind, to?: string): Promise<ChannelTestResult> =>
  parseData(ChannelTestResponseSchema, await request('POST', `${path(kind)}/test`, to ? { to } : {}));
