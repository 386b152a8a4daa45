import type { ReactNode } from 'react';
import type { AclBinding } from '../../../../../shared/contract/kafka/acls';

/** Bindings as a plain table (a list is capped in core at ACL_LIST_LIMIT rows). */
export function AclTable({ bindings, testId }: { bindings: readonly AclBinding[]; testId: string }): ReactNode {
  return (
    <table className="connect-table" data-testid={testId}>
      <thead>
        <tr>
          <th>Principal</th>
          <th>Permission</th>
          <th>Operation</th>
          <th>Resource</th>
          <th>Name</th>
          <th>Pattern</th>
          <th>Host</th>
        </tr>
      </thead>
      <tbody>
        {bindings.map((b) => (
          <tr
            key={[b.resourceType, b.resourceName, b.patternType, b.principal, b.host, b.operation, b.permission].join(
              '\u0000',
            )}
            data-testid="acl-row"
          >
            <td className="mono">{b.principal}</td>
            <td>{b.permission}</td>
            <td>{b.operation}</td>
            <td>{b.resourceType}</td>
            <td className="mono">{b.resourceName}</td>
            <td>{b.patternType}</td>
            <td className="mono">{b.host}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
