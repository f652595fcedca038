import { useLab, aliasesOf, regionName } from '../../store';
import { CmkIcon } from '../common/icons';
import { formatUtc } from '../common/format';
import { KeyStateBadge } from './KeyStateBadge';
import { WindowedList } from './WindowedList';
import { SampleKeys } from './SampleKeys';

/** Each row is this tall (px): the windowed list needs a fixed height to place rows. */
const ROW_HEIGHT = 76;
const LIST_HEIGHT = 456;

export function KeyList() {
  const keys = useLab((s) => s.keys);
  const aliases = useLab((s) => s.aliases);
  const region = useLab((s) => s.region);
  const loaded = useLab((s) => s.catalogLoaded);
  const selected = useLab((s) => s.selectedKeyId);
  const selectKey = useLab((s) => s.selectKey);
  // Acting as a principal that may not list keys: the console lists nothing (the error and its "Why?" are above).
  const denied = useLab((s) => s.catalogTrace !== null);

  return (
    <section className="panel key-list" aria-labelledby="key-list-title">
      <h3 id="key-list-title" className="panel__title">
        Customer managed keys <span className="panel__sub">{!loaded ? 'loading…' : denied ? `not listed in ${region}` : `${keys.length} in ${region}`}</span>
      </h3>
      {loaded && denied ? (
        <p className="empty">The acting principal may not list the keys in <span className="mono">{region}</span>: ListKeys was refused (see above). Act as another principal to list them.</p>
      ) : loaded && keys.length === 0 ? (
        <p className="empty">
          No keys in <span className="mono">{region}</span> ({regionName(region)}). KMS keys are regional: keys you create in
          another Region are not listed here.
        </p>
      ) : (
        <WindowedList
          items={keys}
          rowHeight={ROW_HEIGHT}
          maxHeight={LIST_HEIGHT}
          label={`Keys in ${region}`}
          getKey={(k) => k.KeyId}
          renderRow={(k) => {
            const names = aliasesOf(aliases, k.KeyId);
            const isSelected = k.KeyId === selected;
            return (
              <button type="button" className="key-item" aria-current={isSelected ? 'true' : undefined} onClick={() => selectKey(k.KeyId)}>
                <CmkIcon size={22} className="key-item__icon" />
                <span className="key-item__main">
                  <span className="key-item__name">{names[0] ?? (k.Description || 'Key without a description')}</span>
                  {names[0] && k.Description && <span className="key-item__desc">{k.Description}</span>}
                  <span className="key-item__id mono">{k.KeyId}</span>
                </span>
                <span className="key-item__meta">
                  <KeyStateBadge state={k.KeyState} />
                  <span className="key-item__date">{formatUtc(k.CreationDate)}</span>
                </span>
              </button>
            );
          }}
        />
      )}
      <SampleKeys />
    </section>
  );
}
