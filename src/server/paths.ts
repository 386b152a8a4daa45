import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_DIR_NAME = 'Stackdeck';

/**
 * Where Stackdeck keeps its own data when no --user-data-dir is given: the same
 * place Electron's `app.getPath('userData')` points the desktop app at (the
 * main process sets the name to "Stackdeck"), per platform convention.
 */
export function defaultUserDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  switch (platform) {
    case 'win32':
      return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_DIR_NAME);
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', APP_DIR_NAME);
    default:
      return join(
        env.XDG_CONFIG_HOME !== undefined && env.XDG_CONFIG_HOME !== ''
          ? env.XDG_CONFIG_HOME
          : join(homedir(), '.config'),
        APP_DIR_NAME,
      );
  }
}
