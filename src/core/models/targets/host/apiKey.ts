/**
 * The API key of a host deployment whose service was generated with "Require
 * an API key". Core writes it over SFTP into `run/api-key` (0600, renamed
 * into place whole) and the start script reads it into API_KEY, so it is
 * never on a command line or in the version folders. Core reads it back over
 * the same SSH session for the smoke test, the /metrics scrapes and Reveal:
 * the key only travels between core and the host it was deployed to.
 */
import { StackdeckError } from '../../../../shared/errors';
import { apiKeyFile, runDir, sq } from './layout';
import type { HostSession } from './session';

export async function writeApiKey(session: HostSession, deployment: string, key: string): Promise<void> {
  const file = apiKeyFile(deployment);
  const part = `${file}.part`;
  // A .part left by an interrupted write may have other permissions: the key goes into a new file.
  const made = await session.exec(`cd && mkdir -p ${sq(runDir(deployment))} && rm -f ${sq(part)}`);
  if (made.code !== 0) throw new StackdeckError('SERVER_ERROR', `Cannot make ${runDir(deployment)}: ${made.stderr}`);
  // SFTP paths are relative to the login directory, as the shell's after `cd`.
  await session.sftpCall((sftp, done) => sftp.writeFile(part, key, { mode: 0o600 }, done));
  const moved = await session.exec(`cd && chmod 600 ${sq(part)} && mv -f ${sq(part)} ${sq(file)}`);
  if (moved.code !== 0)
    throw new StackdeckError('SERVER_ERROR', `Cannot write the API key on ${session.label}: ${moved.stderr}`);
}

/** The key the deployment runs with, or undefined when it has none. */
export async function readApiKey(session: HostSession, deployment: string): Promise<string | undefined> {
  const r = await session.exec(`cd && cat ${sq(apiKeyFile(deployment))} 2>/dev/null`);
  return r.code === 0 && r.stdout !== '' ? r.stdout : undefined;
}

/** The header a request to a protected path carries (none when the deployment has no key). */
export const keyHeader = (key: string | undefined): Record<string, string> =>
  key === undefined ? {} : { 'x-api-key': key };
