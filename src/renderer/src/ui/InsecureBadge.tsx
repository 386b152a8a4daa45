import type { ReactNode } from 'react';
import { IconAlert } from './icons';

/** What a profile needs for the marker: TLS on with certificate verification turned off. */
export interface TlsFlags {
  tls: { enabled: boolean; insecureSkipVerify: boolean };
}

/** True when the connection accepts any certificate (a man in the middle would go unnoticed). */
export function isInsecure(p: TlsFlags): boolean {
  return p.tls.enabled && p.tls.insecureSkipVerify;
}

const TITLE = 'Certificate verification is off: any server can pose as this one. Turn it off in the TLS settings.';

/**
 * The "insecure" marker, shown wherever the connection appears (sidebar entry,
 * connection header, overview). `compact` is the sidebar's icon-only form; its
 * words are in the accessible name and the tooltip.
 */
export function InsecureBadge({ compact = false }: { compact?: boolean }): ReactNode {
  return compact ? (
    <span className="insecure-badge insecure-compact" title={TITLE} aria-label="Insecure" data-testid="insecure-marker">
      <IconAlert size={12} />
    </span>
  ) : (
    <span className="insecure-badge" title={TITLE} data-testid="insecure-marker">
      <IconAlert size={12} /> Insecure: verification off
    </span>
  );
}
