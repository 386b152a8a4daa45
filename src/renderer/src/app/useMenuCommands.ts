import { useEffect, useRef } from 'react';
import type { StackdeckBridge } from '../../../shared/bridge';
import { isMenuCommand, type MenuCommand } from '../../../shared/menu';

/**
 * Desktop: runs what the native menu asks for (src/main/menu.ts) with the same
 * handlers as the shortcuts and the command palette. Web mode has no menu
 * (`window.stackdeck` is absent), so this does nothing there.
 */
export function useMenuCommands(run: (command: MenuCommand) => void): void {
  const latest = useRef(run);
  useEffect(() => {
    latest.current = run;
  });
  useEffect(() => {
    const bridge = (window as { stackdeck?: StackdeckBridge }).stackdeck;
    return bridge?.onMenuCommand?.((command) => {
      if (isMenuCommand(command)) latest.current(command);
    });
  }, []);
}
