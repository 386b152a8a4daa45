import type { ReactNode } from 'react';

export type Environment = 'dev' | 'staging' | 'prod';

const TEXT: Record<Environment, string> = { dev: 'DEV', staging: 'STAGING', prod: 'PROD' };
const SHORT: Record<Environment, string> = { dev: 'DEV', staging: 'STG', prod: 'PROD' };

/** A small label; prod is loud on purpose. */
export function EnvBadge({ env, compact = false }: { env: Environment; compact?: boolean }): ReactNode {
  return (
    <span className={`env-badge env-${env}`} title={`Environment: ${env}`} data-env={env}>
      {compact ? SHORT[env] : TEXT[env]}
    </span>
  );
}
