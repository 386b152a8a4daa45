import { aclsSlice } from '../acls/handlers';
import { connectSlice } from '../connect/handlers';
import { groupsSlice } from '../groups/handlers';
import { topicsSlice } from '../topics/handlers';
import { messagesSlice } from '../messages/handlers';
import { quotasSlice } from '../quotas/handlers';
import { scramSlice } from '../scram/handlers';
import { schemasSlice } from '../schemaRegistry/handlers';
import type { KafkaSliceFactory } from './index';

/** The handler slices of the Kafka area, in build order. Each concern adds its factory here. */
export const kafkaSlices: readonly KafkaSliceFactory[] = [
  groupsSlice,
  topicsSlice,
  messagesSlice,
  connectSlice,
  aclsSlice,
  scramSlice,
  quotasSlice,
  schemasSlice,
];
