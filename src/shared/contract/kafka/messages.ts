/** `kafka.*` methods for messages. Names are `kafka.noun.verb`; every input carries `connectionId`. */
export const kafkaMessages = {} as const;
