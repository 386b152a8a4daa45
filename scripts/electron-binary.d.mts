/** Types for scripts/electron-binary.mjs (imported by the desktop Playwright project). */
export function electronBinary(): string | undefined;
export const NO_ELECTRON_MESSAGE: string;
