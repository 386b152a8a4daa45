/** The connections area of the contract. Method names are `area.noun.verb`. */
export const connections = {} as const;
