/** `kafka.*` methods for topics. Names are `kafka.noun.verb`; every input carries `connectionId`. */
export const kafkaTopics = {} as const;
