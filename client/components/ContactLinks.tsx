/**
 * How to reach a person from a phone or a laptop: call (`tel:`), WhatsApp (wa.me), Telegram and
 * e-mail links. Links only: nothing is fetched from another origin.
 */
import type { Contacts } from '../../shared/schemas/index.js';
import { t } from '../i18n/index.js';
import '../styles/oncall.css';

export type Props = {
  contacts: Contacts | undefined;
  /** Names the person for screen readers ("Call Ani"). */
  name: string;
  /** Says "no contact" when there is none (otherwise renders nothing). */
  sayNone?: boolean;
};

/** The digits wa.me wants: the international number without `+`. */
export function waDigits(phone: string): string {
  return phone.replace(/\D/g, '');
}

export function ContactLinks({ contacts, name, sayNone = false }: Props) {
  const c = contacts ?? {};
  if (!c.phone && !c.telegramChatId && !c.email) {
    return sayNone ? (
      <span className="muted contact-links contact-links--none">{t('oncall.noContact')}</span>
    ) : null;
  }
  // A positive Telegram chat id is the person's own user id: tg://user opens their chat in the app.
  const tgUser = c.telegramChatId && !c.telegramChatId.startsWith('-') ? c.telegramChatId : null;
  return (
    <span className="contact-links" data-testid="contact-links">
      {c.phone ? (
        <>
          <a className="contact-link" href={`tel:${c.phone}`} data-testid="contact-tel">
            <svg viewBox="0 0 24 24" className="contact-link__icon" aria-hidden="true">
              <path
                d="M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z"
                fill="currentColor"
              />
            </svg>
            {c.phone}
            <span className="sr-only"> ({t('contact.callLabel', { name })})</span>
          </a>
          <a
            className="contact-link"
            href={`https://wa.me/${waDigits(c.phone)}`}
            target="_blank"
            rel="noopener noreferrer"
            data-testid="contact-wa"
          >
            WhatsApp<span className="sr-only"> ({t('contact.chatLabel', { name })})</span>
          </a>
        </>
      ) : null}
      {c.telegramChatId ? (
        tgUser ? (
          <a className="contact-link" href={`tg://user?id=${tgUser}`} data-testid="contact-telegram">
            Telegram<span className="sr-only"> ({t('contact.chatLabel', { name })})</span>
          </a>
        ) : (
          <span className="contact-link" data-testid="contact-telegram">
            Telegram {c.telegramChatId}
          </span>
        )
      ) : null}
      {c.email ? (
        <a className="contact-link" href={`mailto:${c.email}`} data-testid="contact-email">
          {c.email}
          <span className="sr-only"> ({t('contact.emailLabel', { name })})</span>
        </a>
      ) : null}
    </span>
  );
}
