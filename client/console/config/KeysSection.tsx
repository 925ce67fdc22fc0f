/** API keys (admin): list, create with scopes (the secret shown once), revoke. */
import { useState, type ReactNode } from 'react';
import { formatDateTimeWita } from '../../i18n/format.js';
import { t } from '../../i18n/index.js';
import { KEY_SCOPES, type KeyScope } from '../../../shared/schemas/index.js';
import { createKey, listKeys, revokeKey, type CredentialRow } from './configApi.js';
import { localError, toFormError, type FormError } from './errors.js';
import {
  ConfigForm,
  ConfigList,
  ConfirmButton,
  ListPanel,
  Panel,
  SecretBox,
  TextField,
  useAction,
  useResource,
  useRowAction,
} from './ui.js';

const FIELDS = ['name', 'scopes'] as const;
const label = (f: string): string | undefined =>
  f === 'name' ? t('cfg.name') : f === 'scopes' ? t('cfg.keys.scopes') : undefined;

export function KeysSection() {
  const keys = useResource(listKeys, 'keys');
  const action = useRowAction();
  const revoke = (k: CredentialRow): void => {
    action.run(async () => {
      await revokeKey(k.id);
      keys.reload();
      return t('cfg.keys.revoked', { name: k.name });
    });
  };
  return (
    <>
      <ListPanel
        title={t('cfg.section.keys')}
        testId="cfg-keys"
        hint={t('cfg.keys.help')}
        resource={keys}
        action={action}
      >
        {keys.data ? (
          <CredentialTable
            rows={keys.data}
            kind="keys"
            busy={action.busy}
            onRevoke={revoke}
            scopesOf={(k) => k.scopes}
          />
        ) : null}
      </ListPanel>
      <NewKey onCreated={keys.reload} />
    </>
  );
}

/** The list of keys or displays: name, (scopes,) created, state, revoke. */
export function CredentialTable<R extends CredentialRow>({
  rows,
  kind,
  busy,
  onRevoke,
  scopesOf,
}: {
  rows: R[];
  kind: 'keys' | 'displays';
  busy: boolean;
  onRevoke: (r: R) => void;
  /** A key's scopes (the keys' table only). */
  scopesOf?: (r: R) => readonly string[];
}) {
  return (
    <ConfigList
      rows={rows}
      testId={`${kind}-table`}
      caption={t(`cfg.section.${kind}`)}
      columns={[
        t('cfg.name'),
        ...(kind === 'keys' ? [t('cfg.keys.scopes')] : []),
        t('col.created'),
        t('col.status'),
        t('col.actions'),
      ]}
    >
      {(r) => (
        <tr key={r.id} data-testid={`${kind}-row`} data-name={r.name}>
          <td>{r.name}</td>
          {kind === 'keys' ? <td>{(scopesOf?.(r) ?? []).join(', ')}</td> : null}
          <td>{formatDateTimeWita(r.createdAt)}</td>
          <td>
            {r.revokedAt ? t('cfg.revokedAt', { at: formatDateTimeWita(r.revokedAt) }) : t('cfg.active')}
          </td>
          <td>
            {r.revokedAt ? null : (
              <ConfirmButton
                label={t('cfg.revoke')}
                confirmLabel={t('cfg.confirmRevoke')}
                what={r.name}
                testId={`${kind}-revoke`}
                disabled={busy}
                onConfirm={() => onRevoke(r)}
              />
            )}
          </td>
        </tr>
      )}
    </ConfigList>
  );
}

function NewKey({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<KeyScope[]>([]);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<FormError | null>(null);
  const action = useAction();
  const submit = (): void => {
    setError(null);
    if (!scopes.length) {
      setError(localError([{ path: ['scopes'], message: t('cfg.keys.scopeRequired') }], FIELDS, label));
      return;
    }
    void action.run(
      async () => {
        const created = await createKey(name.trim(), scopes);
        setSecret(created.key);
        setName('');
        setScopes([]);
        onCreated();
        return t('cfg.keys.created', { name: name.trim() });
      },
      (e) => setError(toFormError(e, FIELDS, label)),
    );
  };
  const scopeErr = error?.fields.scopes ?? [];
  return (
    <NewCredential
      kind="key"
      title={t('cfg.keys.new')}
      secret={
        secret
          ? {
              label: t('cfg.keys.secret'),
              value: secret,
              warning: t('cfg.keys.secretWarning'),
              testId: 'key-secret',
            }
          : null
      }
      onSecretDone={() => setSecret(null)}
      name={name}
      onName={setName}
      nameHint={t('cfg.keys.nameHint')}
      error={error}
      busy={action.busy}
      notice={action.notice}
      onSubmit={submit}
      submitLabel={t('cfg.keys.create')}
    >
      <fieldset className="cfg-fieldset" aria-describedby={scopeErr.length ? 'key-scope-err' : undefined}>
        <legend>{t('cfg.keys.scopes')}</legend>
        {KEY_SCOPES.map((s) => (
          <label key={s} className="check cfg-check">
            <input
              type="checkbox"
              name="scopes"
              value={s}
              data-testid={`scope-${s}`}
              checked={scopes.includes(s)}
              onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))}
            />
            <code>{s}</code> — {t(`cfg.keys.scope.${s}`)}
          </label>
        ))}
        {scopeErr.length ? (
          <span id="key-scope-err" className="cfg-field-error">
            {scopeErr.join(' · ')}
          </span>
        ) : null}
      </fieldset>
    </NewCredential>
  );
}

/**
 * The form for a new key or display: its secret (shown once) above it, the name, then `children`.
 * Test ids follow `kind`: `cfg-${kind}-new`, `${kind}-form`, `${kind}-create`.
 */
export function NewCredential({
  kind,
  title,
  secret,
  onSecretDone,
  name,
  onName,
  nameHint,
  error,
  busy,
  notice,
  onSubmit,
  submitLabel,
  children,
}: {
  kind: 'key' | 'display';
  title: string;
  secret: { label: string; value: string; warning: string; testId: string } | null;
  onSecretDone: () => void;
  name: string;
  onName: (v: string) => void;
  nameHint: string;
  error: FormError | null;
  busy: boolean;
  notice: string | null;
  onSubmit: () => void;
  submitLabel: string;
  children?: ReactNode;
}) {
  return (
    <Panel title={title} testId={`cfg-${kind}-new`}>
      {secret ? <SecretBox {...secret} onDone={onSecretDone} /> : null}
      <ConfigForm
        testId={`${kind}-form`}
        onSubmit={onSubmit}
        error={error}
        busy={busy}
        submitLabel={submitLabel}
        submitTestId={`${kind}-create`}
        notice={notice}
      >
        <TextField
          label={t('cfg.name')}
          name="name"
          value={name}
          onChange={onName}
          error={error}
          required
          hint={nameHint}
        />
        {children}
      </ConfigForm>
    </Panel>
  );
}
