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
import { localError, toFormError, type FormError, type Issue } from './errors.js';
import { useFormState } from './formState.js';
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

/**
 * What both forms refuse before sending: a short password (an empty one only when `passwordRequired`)
 * and a liaison with no agency.
 */
function localIssues(
  { password, role, agencyId }: { password: string; role: Role; agencyId: string },
  passwordRequired: boolean,
): Issue[] {
  return [
    ...((passwordRequired || password) && password.length < MIN_PASSWORD
      ? [{ path: ['password'], message: t('cfg.users.passwordShort', { n: MIN_PASSWORD }) }]
      : []),
    ...(role === 'liaison' && !agencyId
      ? [{ path: ['agencyId'], message: t('cfg.users.agencyRequired') }]
      : []),
  ];
}

type Opts = { value: string; label: string }[];
type NewUserDraft = { username: string; password: string; role: Role; agencyId: string };
const NEW_USER: NewUserDraft = { username: '', password: '', role: 'operator', agencyId: '' };

export function NewUser({ agencies, onCreated }: { agencies: Opts; onCreated: () => void }) {
  const { values, update, error, setError, field } = useFormState<NewUserDraft>(NEW_USER);
  const { username, password, role, agencyId } = values;
  const [contact, setContact] = useState<ContactDraft>(NO_CONTACTS);
  const action = useAction();

  const submit = (): void => {
    setError(null);
    const local = localIssues(values, true);
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
        update({ username: '', password: '', agencyId: '' });
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
            {...field('username')}
            required
            hint={t('cfg.users.usernameHint')}
          />
          <SelectField label={t('cfg.users.role')} {...field('role')} options={roleOptions()} />
          {role === 'liaison' ? (
            <SelectField label={t('cfg.users.agencyId')} {...field('agencyId')} options={agencies} required />
          ) : null}
          <TextField
            label={t('cfg.users.password')}
            {...field('password')}
            type="password"
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
  const { values, error, setError, field, check } = useFormState({
    role: user.role,
    agencyId: user.agencyId ?? '',
    password: '',
    disabled: !!user.disabled,
  });
  const { role, agencyId, password, disabled } = values;
  const [contact, setContact] = useState<ContactDraft>(() => draftOf(user));
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
    const local = localIssues(values, false);
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
        <SelectField label={t('cfg.users.role')} {...field('role')} options={roleOptions()} />
        <SelectField label={t('cfg.users.agencyId')} {...field('agencyId')} options={agencies} />
        <TextField
          label={t('cfg.users.newPassword')}
          {...field('password')}
          type="password"
          autoComplete="new-password"
          hint={t('cfg.users.passwordKeep')}
        />
        <CheckField label={t('cfg.users.disabled')} {...check('disabled')} />
        <ContactFields draft={contact} onChange={setContact} error={error} />
      </div>
    </ConfigForm>
  );
}
