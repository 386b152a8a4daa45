/**
 * Cassandra in the shell: "Schema" (keyspaces and their tables, views, types,
 * functions and indexes), "CQL" (the workbench), "Cluster" (nodes and ring)
 * and "Ops" (virtual-table views) under each Cassandra connection; a table
 * opens in its own tab. Screens load lazily (the editor is heavy).
 */
import { createElement, lazy, Suspense, type ComponentType } from 'react';
import { registerResources, registerResourceView, type ResourceViewProps } from '../../app/resources';
import '../../styles/cassandra.css';
import { parseTableResource } from './resources';

const SchemaView = lazy(() => import('./SchemaView'));
const TableView = lazy(() => import('./TableView'));
const CqlWorkbench = lazy(() => import('./CqlWorkbench'));
const ClusterView = lazy(() => import('./ClusterView'));
const OpsView = lazy(() => import('./OpsView'));

registerResources('cassandra', () => [
  { id: 'schema', label: 'Schema' },
  { id: 'cql', label: 'CQL' },
  { id: 'cluster', label: 'Cluster' },
  { id: 'ops', label: 'Ops views' },
]);

const screen = (c: ComponentType<ResourceViewProps>, loading: string) => (props: ResourceViewProps) =>
  createElement(
    Suspense,
    { fallback: createElement('p', { className: 'cs-muted' }, loading) },
    createElement(c, props),
  );

const fixed: [string, string, ComponentType<ResourceViewProps>][] = [
  ['schema', 'Schema', SchemaView],
  ['cql', 'CQL', CqlWorkbench],
  ['cluster', 'Cluster', ClusterView],
  ['ops', 'Ops views', OpsView],
];
for (const [id, label, c] of fixed)
  registerResourceView('cassandra', {
    matches: (r) => r === id,
    label: () => label,
    render: screen(c, `Loading ${label}…`),
  });

registerResourceView('cassandra', {
  matches: (r) => parseTableResource(r) !== null,
  label: (r) => {
    const t = parseTableResource(r);
    return t ? `${t.keyspace}.${t.table}` : r;
  },
  render: screen(TableView, 'Loading the table…'),
});
