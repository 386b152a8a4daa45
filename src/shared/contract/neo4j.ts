/** The neo4j area of the contract. Method names are `area.noun.verb`. */
export const neo4j = {} as const;
