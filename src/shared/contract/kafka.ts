/** The kafka area of the contract. Method names are `area.noun.verb`. */
export const kafka = {} as const;
