/** The shapes of the input-uncertainty blocks in manifests, summaries and comparisons (see uncertainty.ts). */
/** An uncertain input as the manifest and summary describe it (values in model units). */
export interface InputDescription {
  key: string;
  unit: "duration" | "number";
  distribution: string;
  source: string;
  central: number;
  p10: number;
  p90: number;
  /** The same three, as the file would write them ("1d", "0.35"). */
  shown: { central: string; p10: string; p90: string };
}

export interface InputInterval {
  mean: number | null;
  low: number | null;
  high: number | null;
}

export interface VariantInputUncertainty {
  /** The drawn twin whose records these come from. */
  variant: string;
  replications: number;
  /** Drawn replications whose run was not stable (their figures depend on run length). */
  notStable: number;
  coverage: number;
  metrics: Record<string, InputInterval>;
}

export interface DifferenceInputUncertainty {
  variant: string;
  baseline: string;
  pairs: number;
  coverage: number;
  metrics: Record<string, { meanDifference: number | null; low: number | null; high: number | null }>;
}
