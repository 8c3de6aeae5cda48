/** Fewest contacts of each class (churned, retained) to train and cross-validate. */
export const MIN_PER_CLASS = 5;
