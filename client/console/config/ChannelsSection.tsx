/**
 * "Kanal notifikasi": the city's Telegram bot, the city-wide webhook and e-mail, one card each.
 * Settings saved here beat the environment's, channel by channel; secrets are never shown again.
 */
import { t } from '../../i18n/index.js';
import { ChannelCard } from './ChannelCard.js';
import { listChannels } from './channelsApi.js';
import { headline } from './errors.js';
import { LoadState, Notice, Panel, useAction, useResource } from './ui.js';

export function ChannelsSection() {
  const channels = useResource(listChannels, 'channels');
  const notice = useAction();
  return (
    <Panel title={t('cfg.section.channels')} testId="cfg-channels">
      <p className="cfg-hint">{t('cfg.chan.help')}</p>
      <LoadState resource={channels} errorText={headline} />
      <Notice text={notice.notice} />
      {(channels.data ?? []).map((v) => (
        <ChannelCard
          key={`${v.kind}@${v.version}`}
          view={v}
          onChanged={(text) => {
            channels.reload();
            notice.setNotice(text);
          }}
        />
      ))}
    </Panel>
  );
}
