import { CheckCircleIcon, HourglassIcon, ImportIcon, PauseCircleIcon, InfoIcon } from '../common/icons';

const STATES: Record<string, { label: string; tone: string; Icon: typeof CheckCircleIcon }> = {
  Enabled: { label: 'Enabled', tone: 'ok', Icon: CheckCircleIcon },
  Disabled: { label: 'Disabled', tone: 'off', Icon: PauseCircleIcon },
  PendingDeletion: { label: 'Pending deletion', tone: 'danger', Icon: HourglassIcon },
  PendingImport: { label: 'Pending import', tone: 'warn', Icon: ImportIcon },
};

/** A key state as icon + word (never colour alone). The KeyState value itself is in the title. */
export function KeyStateBadge({ state }: { state: string }) {
  const s = STATES[state] ?? { label: state, tone: 'off', Icon: InfoIcon };
  return (
    <span className={`badge badge--${s.tone}`} title={`KeyState: ${state}`}>
      <s.Icon size={14} />
      {s.label}
    </span>
  );
}
