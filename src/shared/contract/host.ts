/** The host area of the contract. Method names are `area.noun.verb`. */
export const host = {} as const;
