import {
  ChannelInputSchema,
  ChannelTestInputSchema,
  ChannelTestResultSchema,
  ChannelViewSchema,
} from '../schemas/index.js';
import { auth, dataOf, itemsOf, ok, refusal, routes } from './route.js';

export const ChannelListResponseSchema = itemsOf(ChannelViewSchema);
export const ChannelResponseSchema = dataOf(ChannelViewSchema);
export const ChannelTestResponseSchema = dataOf(ChannelTestResultSchema);

/** The notification channels (Telegram bot, webhook, e-mail) as set up in the console over the environment. */
export const channelRoutes = routes([
  {
    method: 'get',
    path: '/api/v1/notification-channels',
    summary:
      'The notification channels in force and where each comes from (stored, environment, none); secrets only as "set" and a hint',
    auth: auth.action('config:write'),
    responses: ok('Telegram, webhook and e-mail, in that order', ChannelListResponseSchema),
    tags: ['notify'],
  },
  {
    method: 'put',
    path: '/api/v1/notification-channels/:kind',
    summary:
      'Store the settings of one channel (`telegram`, `webhook`, `email`) over the environment’s; `enabled: false` turns it off (audited, secrets redacted)',
    auth: auth.action('config:write'),
    body: ChannelInputSchema,
    responses: {
      ...ok('The channel as now in force', ChannelResponseSchema),
      404: refusal('No such channel kind'),
      409: refusal('Stale expectedVersion'),
    },
    tags: ['notify'],
  },
  {
    method: 'delete',
    path: '/api/v1/notification-channels/:kind',
    summary: 'Forget the stored settings of one channel: the environment’s apply again (audited)',
    auth: auth.action('config:write'),
    responses: {
      ...ok('The channel as now in force', ChannelResponseSchema),
      404: refusal('No such channel kind, or nothing stored for it'),
    },
    tags: ['notify'],
  },
  {
    method: 'post',
    path: '/api/v1/notification-channels/:kind/test',
    summary:
      'Send a test message on a channel now (not through the outbox): to `to`, or to your own contact; the webhook to its URL (audited)',
    auth: auth.action('config:write'),
    body: ChannelTestInputSchema,
    responses: {
      ...ok('Delivered: the remote accepted it', ChannelTestResponseSchema),
      400: refusal('No recipient, or one the channel cannot address'),
      404: refusal('No such channel kind'),
      409: refusal('`channel_off`: the channel is not set up or turned off'),
      502: refusal(
        '`channel_failed`: the remote refused or could not be reached; the message says what it said',
      ),
    },
    tags: ['notify'],
  },
]);
