/** `kafka.*` methods for groups. Names are `kafka.noun.verb`; every input carries `connectionId`. */
export const kafkaGroups = {} as const;
