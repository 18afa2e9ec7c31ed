/**
 * careflow's version, as package.json states it (a test keeps the two equal). A constant rather
 * than a read of package.json, so platform-free code can stamp manifests and reports with it.
 */
export const CAREFLOW_VERSION = "0.1.0";
