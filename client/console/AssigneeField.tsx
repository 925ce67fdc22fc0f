/** Who to assign to: a picker of the server's assignees, or a username typed when it has no list. */
import { useMemo } from 'react';
import { t } from '../i18n/index.js';
import { useLive } from '../live/hooks.js';
import { useAssignees, type Assignee } from './assignees.js';

/** `agencyId`: offer that agency's people and the city-wide staff (null: everyone). */
export type Props = {
  id: string;
  value: string;
  onChange: (username: string) => void;
  agencyId?: string | null;
};

export function AssigneeField({ id, value, onChange, agencyId = null }: Props) {
  const list = useAssignees(agencyId);
  const agencies = useLive((s) => s.agencies);
  // Grouped by agency (people without one first: supervisors and admins), each by name.
  const groups = useMemo(() => {
    if (list.state !== 'ready') return [];
    const by = new Map<string, Assignee[]>();
    for (const a of list.items) {
      const k = a.agencyId ?? '';
      by.set(k, [...(by.get(k) ?? []), a]);
    }
    return [...by.entries()]
      .map(([agencyId, items]) => ({
        agencyId,
        label: agencyId ? (agencies.get(agencyId)?.shortName ?? agencyId) : t('assignee.noAgency'),
        items,
      }))
      .sort((x, y) => (x.agencyId ? 1 : 0) - (y.agencyId ? 1 : 0) || x.label.localeCompare(y.label));
  }, [list, agencies]);

  if (list.state === 'ready') {
    return (
      <div className="field">
        <label htmlFor={id}>{t('assignee.label')}</label>
        <select
          id={id}
          required
          value={value}
          onChange={(e) => onChange(e.target.value)}
          data-testid="assignee-picker"
        >
          <option value="">{t('assignee.choose')}</option>
          {groups.map((g) => (
            <optgroup key={g.agencyId || '-'} label={g.label}>
              {g.items.map((a) => (
                <option key={a.id} value={a.username}>
                  {a.username} ({t(`role.${a.role}`)})
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{t('assignee.freeText')}</label>
      <input
        id={id}
        required
        maxLength={100}
        autoComplete="off"
        value={value}
        disabled={list.state === 'loading'}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={list.state === 'unavailable' ? `${id}-hint` : undefined}
        data-testid="assignee-text"
      />
      {list.state === 'unavailable' ? (
        <p id={`${id}-hint`} className="muted">
          {t('assignee.unavailable')}
        </p>
      ) : null}
    </div>
  );
}
