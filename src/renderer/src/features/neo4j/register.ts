/**
 * Neo4j in the shell: "Cypher", "Schema" and "Server" nodes under each Neo4j
 * connection, opening the workbench, the schema screen and the system screen
 * (loaded lazily: the editor and graph libraries are heavy).
 */
import { createElement, lazy, Suspense } from 'react';
import { registerResources, registerResourceView } from '../../app/resources';
import '../../styles/neo4j.css';

const CypherWorkbench = lazy(() => import('./CypherWorkbench'));
const SchemaScreen = lazy(() => import('./SchemaScreen'));
const SystemScreen = lazy(() => import('./SystemScreen'));

registerResources('neo4j', () => [
  { id: 'cypher', label: 'Cypher' },
  { id: 'schema', label: 'Schema' },
  { id: 'system', label: 'Server' },
]);

const screens = { cypher: CypherWorkbench, schema: SchemaScreen, system: SystemScreen } as const;
const labels = { cypher: 'Cypher', schema: 'Schema', system: 'Server' } as const;
type ScreenId = keyof typeof screens;
const isScreen = (r: string): r is ScreenId => r in screens;

registerResourceView('neo4j', {
  matches: (r) => isScreen(r),
  label: (r) => (isScreen(r) ? labels[r] : r),
  render: (props) => {
    const Screen = isScreen(props.resource) ? screens[props.resource] : CypherWorkbench;
    return createElement(
      Suspense,
      { fallback: createElement('p', { className: 'n4-muted' }, 'Loading…') },
      createElement(Screen, props),
    );
  },
});
