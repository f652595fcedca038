/**
 * The decision and identity icons of VISUAL.md: Allow = check in a circle, explicit deny = X in an
 * octagon, implicit deny = dash in an empty circle, not applicable = dotted circle; principals are a
 * person (user), a hat (role), a badge (session), a building (account), a gear (service); a grant is
 * a ticket. Decorative: the words next to them always say the same thing.
 */
import type { SVGProps } from 'react';
import type { StepOutcome } from '../../timeline/decision';
import { AccountIcon, CheckCircleIcon, StopIcon } from '../common/icons';

type IconProps = SVGProps<SVGSVGElement> & { size?: number };

function Svg({ size = 20, children, ...rest }: IconProps) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false" {...rest}>
      {children}
    </svg>
  );
}

function ImplicitDenyIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <circle cx="12" cy="12" r="9" />
      <path d="M8 12h8" />
    </Svg>
  );
}

function NotApplicableIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <circle cx="12" cy="12" r="9" strokeDasharray="2 3" />
    </Svg>
  );
}

export function OutcomeIcon({ outcome, ...p }: IconProps & { outcome: StepOutcome }) {
  switch (outcome) {
    case 'allowed':
      return <CheckCircleIcon {...p} />;
    case 'explicit-deny':
      return <StopIcon {...p} />;
    case 'implicit-deny':
      return <ImplicitDenyIcon {...p} />;
    default:
      return <NotApplicableIcon {...p} />;
  }
}

export function UserIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <circle cx="12" cy="8" r="4" />
      <path d="M4 21c.8-4 4-6.5 8-6.5s7.2 2.5 8 6.5" />
    </Svg>
  );
}

function RoleIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M3 15.5c3-1 15-1 18 0M6 15c0-5 2.5-9 6-9s6 4 6 9" />
      <path d="M9 6.5c.8-1.3 1.8-2 3-2s2.2.7 3 2" />
      <path d="M5 19h14" />
    </Svg>
  );
}

function SessionIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <rect x="4" y="5" width="16" height="15" rx="2" />
      <path d="M9 3h6v4H9zM8 16c.6-2 2-3 4-3s3.4 1 4 3" />
      <circle cx="12" cy="11" r="1.8" />
    </Svg>
  );
}

function ServiceIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <circle cx="12" cy="12" r="3" />
      <path d="M12 2.5v3M12 18.5v3M2.5 12h3M18.5 12h3M5.3 5.3l2.1 2.1M16.6 16.6l2.1 2.1M5.3 18.7l2.1-2.1M16.6 7.4l2.1-2.1" />
    </Svg>
  );
}

export function GrantIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M3 7h18v3a2 2 0 0 0 0 4v3H3v-3a2 2 0 0 0 0-4z" />
      <path d="M14 7v10" strokeDasharray="2 2" />
    </Svg>
  );
}

export type PrincipalKind = 'user' | 'role' | 'session' | 'account' | 'service';

export function principalKind(arn: string): PrincipalKind {
  if (/:root$/.test(arn)) return 'account';
  if (/:user\//.test(arn)) return 'user';
  if (/:role\//.test(arn)) return 'role';
  if (/:(assumed-role|federated-user)\//.test(arn)) return 'session';
  return 'service';
}

export const PRINCIPAL_WORDS: Record<PrincipalKind, string> = { user: 'IAM user', role: 'IAM role', session: 'Role session', account: 'Account (root)', service: 'AWS service' };

export function PrincipalIcon({ arn, ...p }: IconProps & { arn: string }) {
  const k = principalKind(arn);
  if (k === 'user') return <UserIcon {...p} />;
  if (k === 'role') return <RoleIcon {...p} />;
  if (k === 'session') return <SessionIcon {...p} />;
  if (k === 'account') return <AccountIcon {...p} />;
  return <ServiceIcon {...p} />;
}
