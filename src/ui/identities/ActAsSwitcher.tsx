/**
 * The header's "Acting as" switcher: every call the app makes from now on is made as this
 * principal (the store's `call` uses it), so a denied Decrypt in the workbench is a real denial
 * with a decision to explain.
 */
import { useLab } from '../../store';
import { PrincipalIcon } from '../decision/icons';
import { usePrincipalOptions } from '../policy/RequestBuilder';

export function ActAsSwitcher() {
  const principal = useLab((s) => s.principal);
  const actAs = useLab((s) => s.actAs);
  const options = usePrincipalOptions();
  const label = (arn: string) => (arn.endsWith(':root') ? `${arn.split(':')[4]} root` : arn.replace(/^arn:aws:(iam|sts)::/, ''));
  return (
    <div className="hdr-field hdr-principal" title="Every call is made as this principal">
      <PrincipalIcon arn={principal} size={18} className="hdr-field__icon" />
      <label htmlFor="act-as" className="hdr-field__label">
        Acting as
      </label>
      <select id="act-as" className="select select--header mono hdr-actas" value={principal} onChange={(e) => actAs(e.target.value)}>
        {!options.includes(principal) && <option value={principal}>{label(principal)}</option>}
        {options.map((o) => (
          <option key={o} value={o}>
            {label(o)}
          </option>
        ))}
      </select>
    </div>
  );
}
