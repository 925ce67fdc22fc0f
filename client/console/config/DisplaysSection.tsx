/** Wall displays (admin, supervisor): list, create (the wall URL with its token shown once), revoke. */
import { useState } from 'react';
import { t } from '../../i18n/index.js';
import { createDisplay, listDisplays, revokeDisplay, type CredentialRow } from './configApi.js';
import { headline, toFormError, type FormError } from './errors.js';
import { CredentialTable, NewCredential } from './KeysSection.js';
import { LoadState, Panel, RowStatus, useAction, useResource, useRowAction } from './ui.js';

const FIELDS = ['name'] as const;

export function DisplaysSection() {
  const displays = useResource(listDisplays, 'displays');
  const action = useRowAction();
  const [name, setName] = useState('');
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<FormError | null>(null);
  const create = useAction();

  const revoke = (d: CredentialRow): void => {
    action.run(async () => {
      await revokeDisplay(d.id);
      displays.reload();
      return t('cfg.displays.revoked', { name: d.name });
    });
  };
  const submit = (): void => {
    setError(null);
    void create.run(
      async () => {
        const made = await createDisplay(name.trim());
        setUrl(made.url);
        setName('');
        displays.reload();
        return t('cfg.displays.created', { name: name.trim() });
      },
      (e) => setError(toFormError(e, FIELDS, () => t('cfg.name'))),
    );
  };

  return (
    <>
      <Panel title={t('cfg.section.displays')} testId="cfg-displays">
        <p className="cfg-hint">{t('cfg.displays.help')}</p>
        <LoadState resource={displays} errorText={headline} />
        <RowStatus action={action} />
        {displays.data ? (
          <CredentialTable rows={displays.data} kind="displays" busy={action.busy} onRevoke={revoke} />
        ) : null}
      </Panel>
      <NewCredential
        kind="display"
        title={t('cfg.displays.new')}
        secret={
          url
            ? {
                label: t('cfg.displays.url'),
                value: url,
                warning: t('cfg.displays.urlWarning'),
                testId: 'display-url',
              }
            : null
        }
        onSecretDone={() => setUrl(null)}
        name={name}
        onName={setName}
        nameHint={t('cfg.displays.nameHint')}
        error={error}
        busy={create.busy}
        notice={create.notice}
        onSubmit={submit}
        submitLabel={t('cfg.displays.create')}
      />
    </>
  );
}
