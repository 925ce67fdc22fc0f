/**
 * Pengumuman (config:write): the notices residents read on the public status page (`/status`) —
 * list, publish (announcement or planned maintenance, affected services, WITA start/end), change
 * (NoticeForm), add an update, close (kept among past notices) or delete (gone from the page).
 * Every change is audited by the server.
 */
import { useState } from 'react';
import { noticePhase } from '../../../shared/schemas/notice.js';
import { formatDateTimeWita } from '../../i18n/format.js';
import { t } from '../../i18n/index.js';
import { deleteNotice, listNotices, patchNotice, type NoticeRow } from './configApi.js';
import { useServices } from './lookups.js';
import { NoticeForm } from './NoticeForm.js';
import {
  ConfigList,
  ConfirmButton,
  DeleteButton,
  EditButton,
  ListPanel,
  Panel,
  RowStatus,
  useResource,
  useRowAction,
} from './ui.js';

function UpdateBox({ n, onDone }: { n: NoticeRow; onDone: () => void }) {
  const [text, setText] = useState('');
  const action = useRowAction();
  return (
    <form
      className="cfg-inline-form cfg-notice-update"
      onSubmit={(e) => {
        e.preventDefault();
        if (!text.trim()) return;
        action.run(async () => {
          await patchNotice(n.id, { update: text.trim(), expectedVersion: n.version });
          setText('');
          onDone();
          return t('cfg.notice.updated');
        });
      }}
    >
      <input
        className="cfg-small-input"
        aria-label={t('cfg.notice.update')}
        value={text}
        maxLength={2000}
        onChange={(e) => setText(e.target.value)}
        data-testid="notice-update-text"
      />
      <button
        type="submit"
        className="btn"
        disabled={action.busy || !text.trim()}
        data-testid="notice-update"
      >
        {t('cfg.notice.addUpdate')}
      </button>
      <RowStatus action={action} />
    </form>
  );
}

export function NoticesSection() {
  const notices = useResource(listNotices, 'notices');
  const services = useServices();
  const action = useRowAction();
  const [editing, setEditing] = useState<NoticeRow | null>(null);
  const now = new Date().toISOString();
  const close = (n: NoticeRow): void => {
    action.run(async () => {
      await patchNotice(n.id, { status: 'closed', expectedVersion: n.version });
      notices.reload();
      return t('cfg.notice.closed');
    });
  };
  const remove = (n: NoticeRow): void => {
    action.run(async () => {
      await deleteNotice(n.id);
      if (editing?.id === n.id) setEditing(null);
      notices.reload();
      return t('cfg.notice.deleted', { title: n.title });
    });
  };
  const names = new Map((services.data ?? []).map((s) => [s.id, s.name]));
  return (
    <>
      <ListPanel
        title={t('cfg.section.notices')}
        testId="cfg-notices"
        hint={
          <>
            {t('cfg.notice.help')}{' '}
            <a href="/status" target="_blank" rel="noreferrer">
              /status
            </a>{' '}
            {t('cfg.notice.closeOrDelete')}
          </>
        }
        resource={notices}
        action={action}
      >
        {editing ? (
          <NoticeForm
            key={`${editing.id}@${editing.version}`}
            notice={editing}
            services={services.data ?? []}
            onCancel={() => setEditing(null)}
            onLoad={(latest) => {
              setEditing(latest);
              notices.reload();
            }}
            onSaved={(message) => {
              setEditing(null);
              notices.reload();
              action.setNotice(message);
            }}
          />
        ) : null}
        <ConfigList
          rows={notices.data}
          testId="notices-table"
          caption={t('cfg.section.notices')}
          columns={[t('cfg.notice.title'), t('cfg.notice.when'), t('cfg.notice.phase'), t('col.actions')]}
        >
          {(n) => {
            const phase = noticePhase(n, now);
            return (
              <tr key={n.id} data-testid="notice-row" data-id={n.id}>
                <td>
                  <strong>{n.title}</strong>
                  <div className="cfg-hint">
                    {t(`cfg.notice.kind.${n.kind}`)}
                    {n.serviceIds.length
                      ? ` · ${n.serviceIds.map((id) => names.get(id) ?? id).join(', ')}`
                      : ''}
                  </div>
                  {n.updates.length ? (
                    <ul className="cfg-hint">
                      {n.updates.map((u) => (
                        <li key={u.at}>
                          {formatDateTimeWita(u.at)} — {u.body}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {n.status === 'active' ? <UpdateBox n={n} onDone={notices.reload} /> : null}
                </td>
                <td>
                  {formatDateTimeWita(n.startsAt)}
                  {n.endsAt ? ` – ${formatDateTimeWita(n.endsAt)}` : ''}
                </td>
                <td>{t(`cfg.notice.phase.${phase}`)}</td>
                <td className="cfg-row-actions">
                  <EditButton
                    what={n.title}
                    testId="notice-edit-open"
                    aria-expanded={editing?.id === n.id}
                    onClick={() => setEditing(n)}
                  />
                  {n.status === 'active' ? (
                    <ConfirmButton
                      label={t('cfg.notice.close')}
                      confirmLabel={t('cfg.notice.closeConfirm')}
                      what={n.title}
                      testId="notice-close"
                      disabled={action.busy}
                      onConfirm={() => close(n)}
                    />
                  ) : null}
                  <DeleteButton
                    what={n.title}
                    testId="notice-delete"
                    disabled={action.busy}
                    onConfirm={() => remove(n)}
                  />
                </td>
              </tr>
            );
          }}
        </ConfigList>
      </ListPanel>
      <Panel title={t('cfg.notice.new')} testId="cfg-notices-new">
        <NoticeForm services={services.data ?? []} onSaved={notices.reload} />
      </Panel>
    </>
  );
}
