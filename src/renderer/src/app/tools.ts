import type { ReactNode } from 'react';

/**
 * Screens that belong to no connection (Models: the deployment wizard and the
 * deployments it runs). Areas register them at import time, like resource
 * views; the sidebar lists them under "Tools" and they open as `tool` tabs.
 */
export interface Tool {
  readonly id: string;
  readonly label: string;
  render(): ReactNode;
}

const tools: Tool[] = [];

export function registerTool(tool: Tool): void {
  if (!tools.some((t) => t.id === tool.id)) tools.push(tool);
}

export function toolFor(id: string): Tool | undefined {
  return tools.find((t) => t.id === id);
}

export function allTools(): readonly Tool[] {
  return tools;
}
