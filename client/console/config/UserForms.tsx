/** The new-user form and the edit form (role, agency, password, disabled, display name and contacts). */
import { useState } from 'react';
import { t } from '../../i18n/index.js';
import { ROLES, type Role, type User } from '../../../shared/schemas/index.js';
import { createUser, updateUser } from './configApi.js';
import {
  CONTACT_FIELDS,
  ContactFields,
  contactLabel,
  contactsOf,
  displayNameOf,
  draftOf,
  sameContacts,
  withContactPaths,
  type ContactDraft,
} from './ContactFields.js';
import { localError, toFormError, type FormError } from './errors.js';
import { CheckField, ConfigForm, Panel, SelectField, TextField, useAction } from './ui.js';

const OWN_FIELDS = ['username', 'password', 'role', 'agencyId', 'disabled'] as const;
const FIELDS = [...OWN_FIELDS, ...CONTACT_FIELDS] as const;
const MIN_PASSWORD = 12;
const label = (f: string): string | undefined =>
  (OWN_FIELDS as readonly string[]).includes(f)
    ? t(`cfg.users.${f as (typeof OWN_FIELDS)[number]}`)
    : contactLabel(f);
/** A failure of either form, with the contacts' issues on their own fields. */
const formError = (e: unknown): FormError => toFormError(withContactPaths(e), FIELDS, label);
const NO_CONTACTS: ContactDraft = draftOf({});
const roleOptions = (): { value: string; label: string }[] =>
  ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }));

type Opts = { value: string; label: string }[];

export function NewUser({ agencies, onCreated }: { agencies: Opts; onCreated: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('operator');
  const [agencyId, setAgencyId] = useState('');
  const [contact, setContact] = useState<ContactDraft>(NO_CONTACTS);
  const [error, setError] = useState<FormError | null>(null);
  const action = useAction();

  const submit = (): void => {
    setError(null);
    const local = [
      ...(password.length < MIN_PASSWORD
        ? [{ path: ['password'], message: t('cfg.users.passwordShort', { n: MIN_PASSWORD }) }]
        : []),
      ...(role === 'liaison' && !agencyId
        ? [{ path: ['agencyId'], message: t('cfg.users.agencyRequired') }]
        : []),
    ];
    if (local.length) {
      setError(localError(local, FIELDS, label));
      return;
    }
    const displayName = displayNameOf(contact);
    const contacts = contactsOf(contact);
    void action.run(
      async () => {
        await createUser({
          username: username.trim(),
          password,
          role,
          ...(role === 'liaison' && agencyId ? { agencyId } : {}),
          ...(displayName ? { displayName } : {}),
          ...(Object.keys(contacts).length ? { contacts } : {}),
        });
        setUsername('');
        setPassword('');
        setAgencyId('');
        setContact(NO_CONTACTS);
        onCreated();
        return t('cfg.users.created', { name: username.trim() });
      },
      (e) => setError(formError(e)),
    );
  };

  return (
    <Panel title={t('cfg.users.new')} testId="cfg-user-new">
      <ConfigForm
        testId="user-form"
        onSubmit={submit}
        error={error}
        busy={action.busy}
        submitLabel={t('cfg.users.create')}
        submitTestId="user-create"
        notice={action.notice}
      >
        <div className="cfg-grid">
          <TextField
            label={t('cfg.users.username')}
            name="username"
            value={username}
            onChange={setUsername}
            error={error}
            required
            hint={t('cfg.users.usernameHint')}
          />
          <SelectField
            label={t('cfg.users.role')}
            name="role"
            value={role}
            onChange={(v) => setRole(v as Role)}
            options={roleOptions()}
            error={error}
          />
          {role === 'liaison' ? (
            <SelectField
              label={t('cfg.users.agencyId')}
              name="agencyId"
              value={agencyId}
              onChange={setAgencyId}
              options={agencies}
              error={error}
              required
            />
          ) : null}
          <TextField
            label={t('cfg.users.password')}
            name="password"
            type="password"
            value={password}
            onChange={setPassword}
            error={error}
            required
            autoComplete="new-password"
            hint={t('cfg.users.passwordHint', { n: MIN_PASSWORD })}
          />
          <ContactFields draft={contact} onChange={setContact} error={error} />
        </div>
      </ConfigForm>
    </Panel>
  );
}

export function EditUser({
  user,
  agencies,
  onSaved,
  onCancel,
}: {
  user: User;
  agencies: Opts;
  onSaved: (name: string) => void;
  onCancel: () => void;
}) {
  const [role, setRole] = useState<Role>(user.role);
  const [agencyId, setAgencyId] = useState(user.agencyId ?? '');
  const [password, setPassword] = useState('');
  const [disabled, setDisabled] = useState(!!user.disabled);
  const [contact, setContact] = useState<ContactDraft>(() => draftOf(user));
  const [error, setError] = useState<FormError | null>(null);
  const action = useAction();

  const submit = (): void => {
    setError(null);
    const patch: Parameters<typeof updateUser>[1] = {};
    if (role !== user.role) patch.role = role;
    if ((agencyId || null) !== user.agencyId) patch.agencyId = agencyId || null;
    if (password) patch.password = password;
    if (disabled !== !!user.disabled) patch.disabled = disabled;
    const displayName = displayNameOf(contact);
    if (displayName !== (user.displayName ?? null)) patch.displayName = displayName;
    const contacts = contactsOf(contact);
    if (!sameContacts(contacts, user.contacts)) patch.contacts = contacts;
    const local = [
      ...(password && password.length < MIN_PASSWORD
        ? [{ path: ['password'], message: t('cfg.users.passwordShort', { n: MIN_PASSWORD }) }]
        : []),
      ...(role === 'liaison' && !agencyId
        ? [{ path: ['agencyId'], message: t('cfg.users.agencyRequired') }]
        : []),
    ];
    if (local.length) {
      setError(localError(local, FIELDS, label));
      return;
    }
    if (!Object.keys(patch).length) {
      onCancel();
      return;
    }
    void action.run(
      async () => {
        await updateUser(user.id, patch);
        onSaved(user.username);
        return null;
      },
      (e) => setError(formError(e)),
    );
  };

  return (
    <ConfigForm
      testId="user-edit-form"
      heading={t('cfg.users.editing', { name: user.username })}
      onSubmit={submit}
      error={error}
      busy={action.busy}
      submitLabel={t('cfg.save')}
      onCancel={onCancel}
    >
      <p className="cfg-hint">{t('cfg.users.editHint')}</p>
      <div className="cfg-grid">
        <SelectField
          label={t('cfg.users.role')}
          name="role"
          value={role}
          onChange={(v) => setRole(v as Role)}
          options={roleOptions()}
          error={error}
        />
        <SelectField
          label={t('cfg.users.agencyId')}
          name="agencyId"
          value={agencyId}
          onChange={setAgencyId}
          options={agencies}
          error={error}
        />
        <TextField
          label={t('cfg.users.newPassword')}
          name="password"
          type="password"
          value={password}
          onChange={setPassword}
          error={error}
          autoComplete="new-password"
          hint={t('cfg.users.passwordKeep')}
        />
        <CheckField
          label={t('cfg.users.disabled')}
          name="disabled"
          checked={disabled}
          onChange={setDisabled}
        />
        <ContactFields draft={contact} onChange={setContact} error={error} />
      </div>
    </ConfigForm>
  );
}
