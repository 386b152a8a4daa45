/** The cassandra area of the contract. Method names are `area.noun.verb`. */
export const cassandra = {} as const;
