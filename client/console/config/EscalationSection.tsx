/**
 * Escalation policies: the city-wide default and each agency's own, as steps "after N minutes
 * unacknowledged → action". Saved with the version read (a stale edit gets 409 and keeps the
 * user's rows); deleting an agency's policy falls back to the default.
 */
import { useState } from 'react';
import { t } from '../../i18n/index.js';
import { listPolicies } from './configApi.js';
import { headline } from './errors.js';
import { agencyName, agencyOptions, useAgencies } from './lookups.js';
import { PolicyCard } from './PolicyCard.js';
import { LoadState, Notice, Panel, SelectField, useAction, useResource } from './ui.js';

export function EscalationSection({ canEdit }: { canEdit: boolean }) {
  const policies = useResource(listPolicies, 'policies');
  const agencies = useAgencies();
  const [drafts, setDrafts] = useState<string[]>([]);
  const [adding, setAdding] = useState('');
  const notice = useAction();

  const list = policies.data ?? [];
  const def = list.find((p) => p.id === 'default');
  const withPolicy = new Set([...list.map((p) => p.id), ...drafts]);
  const candidates = (agencies.data ?? []).filter((a) => !withPolicy.has(a.id));

  return (
    <Panel title={t('cfg.section.escalation')} testId="cfg-escalation">
      <p className="cfg-hint">{t('cfg.esc.help')}</p>
      <LoadState resource={policies} errorText={headline} />
      <Notice text={notice.notice} />
      {list.map((p) => (
        <PolicyCard
          key={`${p.id}@${p.version}`}
          policy={p}
          title={p.id === 'default' ? t('cfg.esc.default') : agencyName(agencies.data, p.agencyId)}
          canEdit={canEdit}
          onChanged={(text) => {
            policies.reload();
            notice.setNotice(text);
          }}
        />
      ))}
      {drafts.map((id) => (
        <PolicyCard
          key={`draft-${id}`}
          policy={{
            id,
            agencyId: id,
            steps: def?.steps ?? [],
            version: 0,
            updatedAt: null,
            updatedBy: null,
            source: 'store',
          }}
          title={agencyName(agencies.data, id)}
          canEdit={canEdit}
          isDraft
          startEditing
          onChanged={(text) => {
            setDrafts((d) => d.filter((x) => x !== id));
            policies.reload();
            notice.setNotice(text);
          }}
          onDiscard={() => setDrafts((d) => d.filter((x) => x !== id))}
        />
      ))}
      {canEdit && policies.data ? (
        <form
          className="cfg-inline-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!adding) return;
            setDrafts((d) => [...d, adding]);
            setAdding('');
          }}
        >
          <SelectField
            label={t('cfg.esc.addFor')}
            name="policyAgency"
            value={adding}
            onChange={setAdding}
            options={agencyOptions(candidates)}
          />
          <button type="submit" className="btn" disabled={!adding} data-testid="policy-add">
            {t('cfg.esc.add')}
          </button>
        </form>
      ) : null}
    </Panel>
  );
}
