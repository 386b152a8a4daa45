/** The redis area of the contract. Method names are `area.noun.verb`. */
export const redis = {} as const;
