import { useLab, regionName } from '../../store';
import { CmkIcon } from '../common/icons';

/** The sections of the app. Only what is built is listed; later issues add their sections here. */
export const SECTIONS = [{ id: 'keys', label: 'Keys & crypto', icon: CmkIcon }] as const;

export function Nav() {
  const region = useLab((s) => s.region);
  const keyCount = useLab((s) => s.keys.length);
  return (
    <nav className="app-nav" aria-label="Sections">
      <ul className="nav-list">
        {SECTIONS.map(({ id, label, icon: Icon }) => (
          <li key={id}>
            <a className="nav-link" href={`#${id}`} aria-current="page">
              <Icon size={18} />
              <span>{label}</span>
            </a>
          </li>
        ))}
      </ul>
      <div className="nav-foot">
        <p className="nav-foot__label">Region</p>
        <p className="nav-foot__value">
          <span className="mono">{region}</span>
          <br />
          {regionName(region)}
        </p>
        <p className="nav-foot__label">Keys here</p>
        <p className="nav-foot__value">{keyCount}</p>
        <p className="nav-foot__note">Everything runs in your browser. Nothing is sent anywhere.</p>
      </div>
    </nav>
  );
}
