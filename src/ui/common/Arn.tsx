import { Fragment } from 'react';

/**
 * An ARN (or any identifier) in monospace that wraps only after `:` and `/`, so a long ARN breaks
 * into its meaningful parts (never inside `us-east-1` or a key ID).
 */
export function Arn({ value, className }: { value: string; className?: string }) {
  const parts = value.split(/(?<=[:/])/);
  return (
    <span className={`mono arn ${className ?? ''}`}>
      {parts.map((p, i) => (
        <Fragment key={i}>
          <span className="arn__part">{p}</span>
          {i < parts.length - 1 && <wbr />}
        </Fragment>
      ))}
    </span>
  );
}
