/**
 * The normal distribution's functions for the staffing formulas and intervals: the engine's (Cody's method, as
 * R's pnorm), so that the project has one implementation.
 */
export { normalCdf, normalPdf } from "../engine/distributions.js";
