import type { TableHTMLAttributes } from 'react';

/** A data table in the design system's look; wide = the full width of its container. */
export function Table({ className, wide = false, ...props }: { wide?: boolean } & TableHTMLAttributes<HTMLTableElement>) {
  return <table className={['ui-table', wide ? 'ui-table-wide' : '', className].filter(Boolean).join(' ')} {...props} />;
}
