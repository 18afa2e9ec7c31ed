/** The studio's state in local storage, so a refresh (or a closed tab) loses nothing. */
import { DEFAULT_REPLICATIONS, MAX_VARIANTS, type StudioState } from "./state.js";

const STORAGE_KEY = "careflow-studio/1";

export function saveState(state: StudioState): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
  } catch {
    // Storage full or disabled: the studio still works, it just forgets on refresh.
  }
}

export function loadSavedState(): StudioState | undefined {
  try {
    const text = localStorage.getItem(STORAGE_KEY);
    if (text === null) return undefined;
    const value = JSON.parse(text) as Partial<StudioState>;
    if (
      typeof value.scenarioFile !== "string" ||
      typeof value.scenarioText !== "string" ||
      !Array.isArray(value.variants)
    )
      return undefined;
    return {
      scenarioFile: value.scenarioFile,
      scenarioText: value.scenarioText,
      variants: value.variants.slice(0, MAX_VARIANTS),
      // A cleared field (NaN) is stored as null.
      replications: typeof value.replications === "number" ? value.replications : DEFAULT_REPLICATIONS,
      horizon: typeof value.horizon === "string" ? value.horizon : null,
      seed: typeof value.seed === "number" ? value.seed : null,
    };
  } catch {
    return undefined;
  }
}

export function forgetState(): void {
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing kept
  }
}
