/**
 * Handlers of `kafka.acls.*` (src/shared/contract/kafka/acls.ts). The router's
 * read-only guard refuses create and delete before they get here.
 */
import type { MethodHandlers } from '../../handler';
import type { KafkaSliceFactory } from '../area';
import { createAcls, deleteAcls, listAcls } from './service';

type AclMethods = 'kafka.acls.list' | 'kafka.acls.create' | 'kafka.acls.delete';

export const aclsSlice: KafkaSliceFactory = ({ connections }) => {
  const handlers: MethodHandlers<AclMethods> = {
    async 'kafka.acls.list'({ connectionId, filter }) {
      const { admin } = await connections.get(connectionId);
      return listAcls(admin, filter);
    },
    async 'kafka.acls.create'({ connectionId, bindings }) {
      const { admin } = await connections.get(connectionId);
      return { created: await createAcls(admin, bindings) };
    },
    async 'kafka.acls.delete'({ connectionId, bindings }) {
      const { admin } = await connections.get(connectionId);
      return { deleted: await deleteAcls(admin, bindings) };
    },
  };
  return { handlers };
};
