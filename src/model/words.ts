/** Numbers in plain words, shared by every sentence the model and the reports write. */

/** A whole number with thousands separators, as a board paper prints it: 76,670. */
export const whole = (n: number): string => Math.round(n).toLocaleString("en-GB");
