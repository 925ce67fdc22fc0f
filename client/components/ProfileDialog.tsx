/**
 * "Profil saya": any signed-in person (a liaison on a phone too) sets their own display name and
 * contacts — the Telegram chat id the city's bot answers to /start, a phone for calls and WhatsApp,
 * an e-mail. Loaded on first use from the header; saved with `PATCH /auth/me`.
 */
import { useRef, useState } from 'react';
import '../styles/config.css';
import '../styles/oncall.css';
import { t } from '../i18n/index.js';
import { fetchProfile, saveProfile, type Profile } from '../live/profile.js';
import {
  CONTACT_FIELDS,
  ContactFields,
  contactLabel,
  contactsOf,
  displayNameOf,
  draftOf,
  withContactPaths,
  type ContactDraft,
} from '../console/config/ContactFields.js';
import { headline, toFormError, type FormError } from '../console/config/errors.js';
import { ConfigForm, LoadState, useAction, useResource } from '../console/config/ui.js';
import { useDrawerFocus } from '../console/useDrawerFocus.js';
import { ContactLinks } from './ContactLinks.js';

export type Props = { onClose: () => void };

export default function ProfileDialog({ onClose }: Props) {
  const profile = useResource(fetchProfile, 'profile');
  const dialogRef = useRef<HTMLDivElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  useDrawerFocus(dialogRef, closeRef, onClose);
  return (
    <div
      ref={dialogRef}
      className="drawer profile-drawer"
      role="dialog"
      aria-modal="true"
      aria-labelledby="profile-title"
      data-testid="profile-dialog"
    >
      <div className="drawer__head">
        <h2 id="profile-title">{t('profile.title')}</h2>
        <button ref={closeRef} type="button" className="btn btn--small" onClick={onClose}>
          {t('drawer.closeShort')}
        </button>
      </div>
      <LoadState resource={profile} errorText={headline} />
      {profile.data ? <ProfileForm key={profile.data.username} profile={profile.data} /> : null}
    </div>
  );
}

function ProfileForm({ profile }: { profile: Profile }) {
  const [saved, setSaved] = useState<Profile>(profile);
  const [draft, setDraft] = useState<ContactDraft>(() => draftOf(profile));
  const [error, setError] = useState<FormError | null>(null);
  const action = useAction();
  const submit = (): void => {
    setError(null);
    void action.run(
      async () => {
        const next = await saveProfile({ displayName: displayNameOf(draft), contacts: contactsOf(draft) });
        setSaved(next);
        setDraft(draftOf(next));
        return t('profile.saved');
      },
      (e) => setError(toFormError(withContactPaths(e), CONTACT_FIELDS, contactLabel)),
    );
  };
  return (
    <>
      <p className="profile-who" data-testid="profile-who">
        <strong>{saved.displayName ?? saved.username}</strong>{' '}
        <span className="muted">
          {t('auth.signedInAs', { user: saved.username, role: t(`role.${saved.role}`) })}
        </span>
      </p>
      <p className="cfg-hint">{t('profile.hint')}</p>
      <ConfigForm
        testId="profile-form"
        onSubmit={submit}
        error={error}
        busy={action.busy}
        submitLabel={t('cfg.save')}
        submitTestId="profile-save"
        notice={action.notice}
      >
        <div className="profile-fields">
          <ContactFields draft={draft} onChange={setDraft} error={error} />
        </div>
      </ConfigForm>
      <h3>{t('profile.reachAs')}</h3>
      <p>
        <ContactLinks contacts={saved.contacts} name={saved.displayName ?? saved.username} sayNone />
      </p>
    </>
  );
}
