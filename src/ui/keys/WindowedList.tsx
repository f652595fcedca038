import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A list that renders only the rows in view (plus a few), so 10,000 keys scroll smoothly.
 * Rows have a fixed height; each item keeps its position in the set for assistive technology
 * (aria-setsize / aria-posinset). Small lists render every row.
 */
export function WindowedList<T>({
  items,
  rowHeight,
  maxHeight,
  label,
  getKey,
  renderRow,
  overscan = 6,
}: {
  items: T[];
  rowHeight: number;
  maxHeight: number;
  label: string;
  getKey(item: T): string;
  renderRow(item: T, index: number): ReactNode;
  overscan?: number;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(maxHeight);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setViewport(el.clientHeight || maxHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, [maxHeight]);
  const total = items.length * rowHeight;
  const start = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const end = Math.min(items.length, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  const visible = items.slice(start, end);
  return (
    <div
      ref={scroller}
      className="windowed"
      style={{ maxHeight, overflowY: 'auto' }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      tabIndex={items.length * rowHeight > maxHeight ? 0 : undefined}
      role={items.length * rowHeight > maxHeight ? 'region' : undefined}
      aria-label={items.length * rowHeight > maxHeight ? `${label} (scrollable)` : undefined}
    >
      <ul className="key-list__items windowed__list" aria-label={label} style={{ height: total, position: 'relative', margin: 0 }}>
        {visible.map((item, i) => (
          <li
            key={getKey(item)}
            aria-setsize={items.length}
            aria-posinset={start + i + 1}
            style={{ position: 'absolute', top: (start + i) * rowHeight, left: 0, right: 0, height: rowHeight }}
          >
            {renderRow(item, start + i)}
          </li>
        ))}
      </ul>
    </div>
  );
}
