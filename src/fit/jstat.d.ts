/** The few jStat functions the fit uses (the package ships no types). */
declare module "jstat" {
  const jStat: {
    /** Lower regularised incomplete gamma P(a, x). */
    lowRegGamma(a: number, x: number): number;
    /** ln Γ(x). */
    gammaln(x: number): number;
  };
  export default jStat;
}
