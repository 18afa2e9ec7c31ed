/** The known parameters of examples/data/'s synthetic extract (stays in days). */
import type { SyntheticExtract } from "./synthetic.js";

export const EXAMPLE_EXTRACT: SyntheticExtract = {
  seed: 2026,
  start: "2025-01-06",
  days: 364,
  dateOnlyShare: 0.1,
  groups: [
    {
      group: "medical",
      ward: "amu",
      perDay: 40,
      dayOfWeek: [1.15, 1.05, 1, 1, 1, 0.9, 0.9],
      hourOfDay: [
        0.5, 0.4, 0.3, 0.3, 0.3, 0.3, 0.4, 0.6, 0.9, 1.3, 1.5, 1.6, 1.6, 1.6, 1.5, 1.5, 1.5, 1.4, 1.3, 1.2,
        1.1, 0.9, 0.7, 0.6,
      ],
      stay: { dist: "lognormal", mean: 6, sd: 5 },
      pathways: [0.8, 0.12, 0.05, 0.03],
    },
    {
      group: "older-people",
      ward: "coop",
      perDay: 15,
      // Half go home within about a day; the rest stay weeks: no single candidate is right.
      stay: {
        mixture: [
          { dist: "lognormal", mean: 1, sd: 0.5 },
          { dist: "gamma", mean: 20, shape: 3 },
        ],
        weight: 0.5,
      },
      pathways: [0.5, 0.25, 0.15, 0.1],
    },
  ],
};
