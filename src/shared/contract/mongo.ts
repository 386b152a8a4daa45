/** The mongo area of the contract. Method names are `area.noun.verb`. */
export const mongo = {} as const;
