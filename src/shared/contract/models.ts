/** The models area of the contract. Method names are `area.noun.verb`. */
export const models = {} as const;
