import type { ProbeEvent } from '../../../shared/contract/connections';
import type { Classified } from '../errors';

/** A stage's additions to its event (contract: ProbeEvent `sshHostKey`, `tunnelled`). */
export type StageExtra = Pick<Extract<ProbeEvent, { type: 'stage' }>, 'sshHostKey' | 'tunnelled'>;

/** A stage failure already described (the stage knows which endpoint failed), with what the event should carry. */
export class StageFailure extends Error {
  constructor(
    readonly classified: Classified,
    readonly extra?: StageExtra,
  ) {
    super(classified.message);
  }
}
