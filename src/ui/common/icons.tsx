/**
 * The visual language's icons (shared/design/VISUAL.md): one icon per kind of thing, used everywhere.
 * Decorative by default (aria-hidden); the text next to an icon always says the same thing.
 */
import type { SVGProps } from 'react';

type IconProps = SVGProps<SVGSVGElement> & { size?: number };

function Svg({ size = 20, children, ...rest }: IconProps) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...rest}
    >
      {children}
    </svg>
  );
}

/** CMK: a key inside a vault/shield (indigo). */
export function CmkIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M12 2.5 4 5.5v6c0 5 3.4 9 8 10.5 4.6-1.5 8-5.5 8-10.5v-6z" />
      <circle cx="10" cy="11" r="2.6" />
      <path d="M12.6 11H17v2.2M15.2 11v1.6" />
    </Svg>
  );
}

/** Plaintext data: a document with visible lines (neutral). */
export function PlaintextIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M6 2.5h8l4 4v15H6z" />
      <path d="M14 2.5v4h4M9 11h6M9 14h6M9 17h4" />
    </Svg>
  );
}

/** Ciphertext: a document with a padlock and scrambled lines (teal). */
export function CiphertextIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M6 2.5h8l4 4v6" />
      <path d="M14 2.5v4h4M6 2.5v19h5" />
      <path d="M9 9h2M12.5 9h1.5M9 12h1M11.5 12h2.5" />
      <rect x="13" y="16" width="8" height="6" rx="1.2" />
      <path d="M14.8 16v-1.6a2.2 2.2 0 0 1 4.4 0V16" />
    </Svg>
  );
}

/** Encryption context: a tag tied with a string (violet). */
export function ContextTagIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M3 12.5V4h8.5l9 9-8.5 8.5z" />
      <circle cx="7.5" cy="8.5" r="1.4" />
      <path d="M2 2.5c1.5 1 2.8 2.6 4.3 4.6" />
    </Svg>
  );
}

/** Policy: a page with braces. */
export function PolicyIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M5 2.5h10l4 4v15H5z" />
      <path d="M10 10c-1 0-1.5.5-1.5 1.3v.4c0 .5-.4.8-1 .8.6 0 1 .3 1 .8v.4c0 .8.5 1.3 1.5 1.3M14 10c1 0 1.5.5 1.5 1.3v.4c0 .5.4.8 1 .8-.6 0-1 .3-1 .8v.4c0 .8-.5 1.3-1.5 1.3" />
    </Svg>
  );
}

/** Principal (account root): a building. */
export function AccountIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M4 21.5V5l8-2.5 8 2.5v16.5" />
      <path d="M2.5 21.5h19M8 8h2M14 8h2M8 12h2M14 12h2M10.5 21.5v-4h3v4" />
    </Svg>
  );
}

export function ClockIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v5l3 2" />
    </Svg>
  );
}

export function GlobeIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <circle cx="12" cy="12" r="9" />
      <path d="M3 12h18M12 3c2.6 2.6 3.8 5.6 3.8 9s-1.2 6.4-3.8 9c-2.6-2.6-3.8-5.6-3.8-9S9.4 5.6 12 3z" />
    </Svg>
  );
}

export function SunIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <circle cx="12" cy="12" r="4" />
      <path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
    </Svg>
  );
}

export function MoonIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5z" />
    </Svg>
  );
}

export function CheckCircleIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <circle cx="12" cy="12" r="9" />
      <path d="m8 12.5 2.7 2.7L16 9.8" />
    </Svg>
  );
}

/** An error / explicit stop: X in an octagon. */
export function StopIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M8.2 2.5h7.6l5.7 5.7v7.6l-5.7 5.7H8.2l-5.7-5.7V8.2z" />
      <path d="m9 9 6 6M15 9l-6 6" />
    </Svg>
  );
}

/** Disabled: a pause bar in an empty circle. */
export function PauseCircleIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <circle cx="12" cy="12" r="9" />
      <path d="M10 9v6M14 9v6" />
    </Svg>
  );
}

/** Pending deletion: an hourglass. */
export function HourglassIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M6 2.5h12M6 21.5h12M7 2.5c0 5 5 5.5 5 9.5s-5 4.5-5 9.5M17 2.5c0 5-5 5.5-5 9.5s5 4.5 5 9.5" />
    </Svg>
  );
}

/** Pending import: an arrow into a tray. */
export function ImportIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M12 3v11M7.5 9.5 12 14l4.5-4.5M4 15v5h16v-5" />
    </Svg>
  );
}

export function ArrowDownIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M12 4v16M6 14l6 6 6-6" />
    </Svg>
  );
}

export function PlusIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M12 5v14M5 12h14" />
    </Svg>
  );
}

export function TrashIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M4 7h16M9 7V4h6v3M6 7l1 14h10l1-14" />
    </Svg>
  );
}

export function CopyIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <rect x="8" y="8" width="12" height="13" rx="2" />
      <path d="M16 8V5a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v11a2 2 0 0 0 2 2h2" />
    </Svg>
  );
}

export function SearchIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <circle cx="11" cy="11" r="6.5" />
      <path d="m16 16 5 5" />
    </Svg>
  );
}

export function InfoIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 11v6M12 7.5v.5" />
    </Svg>
  );
}

export function FlipIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M4 8h13l-3-3M20 16H7l3 3" />
    </Svg>
  );
}

// ---- flow canvas and player (issue 4) ----

/** Plaintext data key: an open key with a warning notch (amber). */
export function DataKeyIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <circle cx="7" cy="12" r="4" />
      <path d="M11 12h10v3M17.5 12v2" />
      <path d="M7 10.2v1.6M7 13.6v.1" />
    </Svg>
  );
}

/** Encrypted data key: a key sealed in an envelope, with a padlock (teal). */
export function EncryptedKeyIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <rect x="2.5" y="5" width="15" height="11" rx="1.5" />
      <path d="m2.5 6 7.5 5.5L17.5 6" />
      <rect x="14.5" y="14.5" width="7" height="6" rx="1.2" />
      <path d="M16 14.5v-1.3a2 2 0 0 1 4 0v1.3" />
    </Svg>
  );
}

/** Storage: a database cylinder. */
export function StorageIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <ellipse cx="12" cy="5.5" rx="7.5" ry="2.8" />
      <path d="M4.5 5.5v13c0 1.5 3.4 2.8 7.5 2.8s7.5-1.3 7.5-2.8v-13M4.5 12c0 1.5 3.4 2.8 7.5 2.8s7.5-1.3 7.5-2.8" />
    </Svg>
  );
}

/** The audit log (CloudTrail): a list with a check column. */
export function AuditIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M6 3.5h12a1.5 1.5 0 0 1 1.5 1.5v15a1.5 1.5 0 0 1-1.5 1.5H6A1.5 1.5 0 0 1 4.5 20V5A1.5 1.5 0 0 1 6 3.5z" />
      <path d="M8 8h1M11.5 8H16M8 12h1M11.5 12H16M8 16h1M11.5 16H16" />
    </Svg>
  );
}

/** The Studio: a flow of three nodes with a play mark. */
export function StudioIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <rect x="2.5" y="4" width="6" height="5" rx="1.2" />
      <rect x="2.5" y="15" width="6" height="5" rx="1.2" />
      <path d="M8.5 6.5h3v11h-3" />
      <path d="M14.5 8.5v7l6-3.5z" />
    </Svg>
  );
}

/** A principal (user): a person. */
export function PersonIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <circle cx="12" cy="8" r="4" />
      <path d="M4.5 21c.6-4.2 3.6-6.5 7.5-6.5s6.9 2.3 7.5 6.5" />
    </Svg>
  );
}

export function PlayIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M7 4.5v15l12-7.5z" fill="currentColor" />
    </Svg>
  );
}

export function PauseIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M7.5 5v14M16.5 5v14" strokeWidth={3.2} />
    </Svg>
  );
}

export function StepBackIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M18 5.5v13L8.5 12z" />
      <path d="M6 5.5v13" />
    </Svg>
  );
}

export function StepForwardIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M6 5.5v13l9.5-6.5z" />
      <path d="M18 5.5v13" />
    </Svg>
  );
}

export function SkipStartIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M5 5v14M19 5.5v13L13 12zM13 5.5v13L7 12z" />
    </Svg>
  );
}

export function SkipEndIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M19 5v14M5 5.5v13l6-6.5zM11 5.5v13l6-6.5z" />
    </Svg>
  );
}

/** A breakpoint: a filled circle in a ring. */
export function BreakpointIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <circle cx="12" cy="12" r="7.5" />
      <circle cx="12" cy="12" r="3.5" fill="currentColor" />
    </Svg>
  );
}

export function GraphIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <circle cx="5.5" cy="12" r="2.5" />
      <circle cx="18.5" cy="6" r="2.5" />
      <circle cx="18.5" cy="18" r="2.5" />
      <path d="m7.8 11 8.4-4M7.8 13l8.4 4" />
    </Svg>
  );
}

export function TranscriptIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M4 6h2M9 6h11M4 12h2M9 12h11M4 18h2M9 18h7" />
    </Svg>
  );
}
