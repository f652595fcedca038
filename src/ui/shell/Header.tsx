import { useLab, REGIONS } from '../../store';
import { ClockIcon, GlobeIcon, MoonIcon, SunIcon } from '../common/icons';
import { formatUtc, isoUtc } from '../common/format';
import { ActAsSwitcher } from '../identities/ActAsSwitcher';
import { PresentButton, ShareButton } from '../classroom/Classroom';

function RegionSwitcher() {
  const region = useLab((s) => s.region);
  const setRegion = useLab((s) => s.setRegion);
  return (
    <div className="hdr-field">
      <GlobeIcon size={18} className="hdr-field__icon" />
      <label htmlFor="region-select" className="hdr-field__label">
        Region
      </label>
      <select id="region-select" className="select select--header select--region" value={region} onChange={(e) => void setRegion(e.target.value)} title={REGIONS.find((r) => r.id === region)?.name}>
        {REGIONS.map((r) => (
          <option key={r.id} value={r.id}>
            {r.id} — {r.short}
          </option>
        ))}
      </select>
    </div>
  );
}

const STEPS = [
  { label: '+1 h', aria: 'Advance the simulated clock by 1 hour', step: { hours: 1 } },
  { label: '+1 day', aria: 'Advance the simulated clock by 1 day', step: { days: 1 } },
  { label: '+30 days', aria: 'Advance the simulated clock by 30 days', step: { days: 30 } },
  { label: '+1 year', aria: 'Advance the simulated clock by 1 year', step: { days: 365 } },
] as const;

function SimClock() {
  const now = useLab((s) => s.now);
  const advance = useLab((s) => s.advanceClock);
  const ready = useLab((s) => s.world !== null);
  return (
    <div className="hdr-field hdr-clock" role="group" aria-label="Simulated clock">
      <ClockIcon size={18} className="hdr-field__icon" />
      <span className="hdr-field__label">Simulated time</span>
      <span className="hdr-clock__row">
        <time className="mono hdr-clock__time" dateTime={now ? isoUtc(now) : undefined} aria-live="polite">
          {now ? formatUtc(now) : '—'}
        </time>
        <span className="hdr-clock__steps">
          {STEPS.map((s) => (
            <button key={s.label} type="button" className="btn btn-ghost btn-xs" aria-label={s.aria} title={s.aria} disabled={!ready} onClick={() => void advance(s.step)}>
              {s.label}
            </button>
          ))}
        </span>
      </span>
    </div>
  );
}

function ThemeToggle() {
  const theme = useLab((s) => s.theme);
  const setTheme = useLab((s) => s.setTheme);
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button type="button" className="btn btn-ghost btn-icon" onClick={() => setTheme(next)} aria-label={`Switch to ${next} theme`} title={`Switch to ${next} theme`}>
      {theme === 'dark' ? <SunIcon size={18} /> : <MoonIcon size={18} />}
    </button>
  );
}

export function Header() {
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        Skip to the main content
      </a>
      <div className="brand">
        <span className="brand__mark" aria-hidden="true">
          <svg viewBox="0 0 32 32" width="26" height="26">
            <path d="M16 2 4 7v8c0 7.4 5.1 13.4 12 15 6.9-1.6 12-7.6 12-15V7z" fill="currentColor" />
            <circle cx="13" cy="15" r="4" fill="none" stroke="var(--brand-ink)" strokeWidth="2.4" />
            <path d="M16.5 15H23v3M20 15v2.5" fill="none" stroke="var(--brand-ink)" strokeWidth="2.4" strokeLinecap="round" />
          </svg>
        </span>
        <span className="brand__name">KMS Lab</span>
      </div>
      <RegionSwitcher />
      <ActAsSwitcher />
      <div className="hdr-spacer" />
      <SimClock />
      <ShareButton />
      <PresentButton />
      <ThemeToggle />
    </header>
  );
}
