/**
 * A liaison's two verbs on a card: "Terima" (acknowledge) and "Selesai" (resolve with a code),
 * each with an optional note, at the version the liaison is looking at. Large buttons for a thumb.
 * Drawn by the shared AlertCommandsView (same test ids as AlertActions), so tests drive both alike.
 */
import type { Alert } from '../../shared/schemas/index.js';
import {
  AlertCommandsView,
  canAcknowledge,
  canResolve,
  useAlertCommands,
} from '../components/AlertActions.js';
import { t } from '../i18n/index.js';

export function LiaisonActions({ alert }: { alert: Alert }) {
  const commands = useAlertCommands(alert);
  const open = (next: 'ack' | 'resolve'): void => {
    commands.setError(null);
    commands.setMode(next);
  };
  return (
    <AlertCommandsView
      commands={commands}
      variant="card"
      ids={{ note: `liaison-note-${alert.id}`, code: `liaison-code-${alert.id}` }}
      ackButton={canAcknowledge(alert) ? { label: t('liaison.ack'), onClick: () => open('ack') } : null}
      resolveButton={
        canResolve(alert) ? { label: t('liaison.resolve'), onClick: () => open('resolve') } : null
      }
      labels={{
        ackConfirm: t('liaison.ack'),
        resolveConfirm: t('liaison.resolve'),
        ackForm: t('liaison.ackForm'),
        resolveForm: t('liaison.resolveForm'),
      }}
    />
  );
}
