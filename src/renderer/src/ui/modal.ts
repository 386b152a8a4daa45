import { useEffect } from 'react';

let openCount = 0;

/** While any modal is open, the app behind it is inert: no focus, no clicks, hidden from assistive tech. */
export function useInertApp(): void {
  useEffect(() => {
    const root = document.getElementById('root');
    openCount += 1;
    if (root) root.inert = true;
    return () => {
      openCount -= 1;
      if (root && openCount === 0) root.inert = false;
    };
  }, []);
}

/** Restores focus to whatever had it when the modal opened. Call in a mount effect; returns the cleanup. */
export function rememberFocus(): () => void {
  const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  return () => {
    if (previous && previous.isConnected) previous.focus();
  };
}
