/** Icons of the envelope studio, in the visual language of VISUAL.md (shape, not colour alone). */
import type { SVGProps } from 'react';

type IconProps = SVGProps<SVGSVGElement> & { size?: number };

function Svg({ size = 20, children, ...rest }: IconProps) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false" {...rest}>
      {children}
    </svg>
  );
}

/** Plaintext data key: an open key with a warning notch (amber). */
export function DataKeyIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <circle cx="7.5" cy="12" r="4" />
      <path d="M11.5 12H21v3.2M17.5 12v2.4" />
      <path d="M7.5 10v2.2M7.5 14h.01" />
    </Svg>
  );
}

/** Encrypted data key: a key sealed in an envelope with a padlock (teal). */
export function SealedKeyIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <rect x="2.5" y="5.5" width="15" height="11" rx="1.5" />
      <path d="m2.5 6.5 7.5 5.5 7.5-5.5" />
      <rect x="14.5" y="14.5" width="7" height="6" rx="1.2" />
      <path d="M16 14.5v-1.3a2 2 0 0 1 4 0v1.3" />
    </Svg>
  );
}

/** The envelope file: an envelope holding a document. */
export function EnvelopeIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <rect x="2.5" y="6" width="19" height="13" rx="2" />
      <path d="m2.5 7 9.5 6.5L21.5 7" />
      <path d="M7 3.5h10" />
    </Svg>
  );
}

export function DownloadIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M12 3.5v11M7.5 10 12 14.5 16.5 10M4 16.5v4h16v-4" />
    </Svg>
  );
}

export function UploadIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M12 14.5v-11M7.5 8 12 3.5 16.5 8M4 16.5v4h16v-4" />
    </Svg>
  );
}

/** Shredded: the ghost of a discarded key. */
export function ShredIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M4 9h16M6 9v11M9 9v9M12 9v11M15 9v8M18 9v11M8 9V5h8v4" />
    </Svg>
  );
}

export function PlayIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M7 4.5v15l12-7.5z" />
    </Svg>
  );
}
