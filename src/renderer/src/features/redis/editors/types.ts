import type { Profile } from '../../../../../shared/contract/connections';
import type { KeyName } from '../../../../../shared/contract/redis/common';
import type { KeyInfo } from '../../../../../shared/contract/redis/keys';

/** What every type editor receives. */
export interface TypeEditorProps {
  connectionId: string;
  db: number | null;
  keyName: KeyName;
  info: KeyInfo;
  profile: Profile;
  /** Ask the key header to refresh (length, TTL, memory changed). */
  onChanged(): void;
}
