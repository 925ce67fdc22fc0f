/** Wall displays (admin, supervisor): list, create (the wall URL with its token shown once), revoke. */
import { useState } from 'react';
import { t } from '../../i18n/index.js';
import { createDisplay, listDisplays, revokeDisplay, type CredentialRow } from './configApi.js';
import { headline, toFormError, type FormError } from './errors.js';
import { CredentialTable } from './KeysSection.js';
import {
  ConfigForm,
  LoadState,
  Panel,
  RowStatus,
  SecretBox,
  TextField,
  useAction,
  useResource,
  useRowAction,
} from './ui.js';

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
      <Panel title={t('cfg.displays.new')} testId="cfg-display-new">
        {url ? (
          <SecretBox
            label={t('cfg.displays.url')}
            value={url}
            warning={t('cfg.displays.urlWarning')}
            testId="display-url"
            onDone={() => setUrl(null)}
          />
        ) : null}
        <ConfigForm
          testId="display-form"
          onSubmit={submit}
          error={error}
          busy={create.busy}
          submitLabel={t('cfg.displays.create')}
          submitTestId="display-create"
          notice={create.notice}
        >
          <TextField
            label={t('cfg.name')}
            name="name"
            value={name}
            onChange={setName}
            error={error}
            required
            hint={t('cfg.displays.nameHint')}
          />
        </ConfigForm>
      </Panel>
    </>
  );
}
