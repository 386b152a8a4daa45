import type { ReactNode } from 'react';
import type { ProfileKind } from '../../../../shared/contract/connections';
import { KIND_LABEL, KIND_MONOGRAM } from './profiles';

/** A small monogram tile per kind (no logos: no external assets, no trademarks). */
export function KindBadge({ kind, size = 'sm' }: { kind: ProfileKind; size?: 'sm' | 'lg' }): ReactNode {
  return (
    <span className={`kind-badge kind-${kind} kind-badge-${size}`} title={KIND_LABEL[kind]} aria-hidden="true">
      {KIND_MONOGRAM[kind]}
    </span>
  );
}
