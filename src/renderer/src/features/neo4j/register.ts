/**
 * Neo4j in the shell: a "Cypher" node under each Neo4j connection opening the
 * workbench (loaded lazily: the editor and graph libraries are heavy).
 */
import { createElement, lazy, Suspense } from 'react';
import { registerResources, registerResourceView } from '../../app/resources';
import '../../styles/neo4j.css';

const CypherWorkbench = lazy(() => import('./CypherWorkbench'));

registerResources('neo4j', () => [{ id: 'cypher', label: 'Cypher' }]);

registerResourceView('neo4j', {
  matches: (r) => r === 'cypher',
  label: () => 'Cypher',
  render: (props) =>
    createElement(
      Suspense,
      { fallback: createElement('p', { className: 'n4-muted' }, 'Loading the Cypher workbench…') },
      createElement(CypherWorkbench, props),
    ),
});
