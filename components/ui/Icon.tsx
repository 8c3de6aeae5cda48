import type { SVGProps } from 'react';
import { ICON_PATHS as PATHS } from './icon-paths';

export type IconName = keyof typeof PATHS;

/** A decorative icon in the text colour; give its button an aria-label. */
export function Icon({ name, ...props }: { name: IconName } & SVGProps<SVGSVGElement>) {
  return (
    <svg className="ui-icon" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true" focusable="false" data-icon={name} {...props}>
      <path d={PATHS[name]} />
    </svg>
  );
}
