/**
 * `npm run bench -- special`: the normal quantile the event loop calls (one per truncated-normal
 * draw and per uncertain-input draw), the project's own against @stdlib's, which issue 16 asks
 * us to prefer unless it costs speed. Rounds alternate the two so load bursts hit both alike.
 */
import { cpus, loadavg } from "node:os";
import stdlibNormalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import { normalCdf, normalQuantile } from "../engine/distributions.js";

const ARGUMENTS = 1_000_000;
const ROUNDS = 9;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Probabilities as truncated-normal sampling makes them: uniform on [Φ(−2), Φ(3)]. */
function samplingProbabilities(): Float64Array {
  const lower = normalCdf(-2);
  const span = normalCdf(3) - lower;
  const ps = new Float64Array(ARGUMENTS);
  let state = 20_260_101;
  for (let i = 0; i < ARGUMENTS; i++) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    ps[i] = lower + ((state + 0.5) / 2 ** 32) * span;
  }
  return ps;
}

function nanosecondsPerCall(quantile: (p: number) => number, ps: Float64Array): { ns: number; sum: number } {
  const started = process.hrtime.bigint();
  let sum = 0;
  for (let i = 0; i < ps.length; i++) sum += quantile(ps[i]!);
  return { ns: Number(process.hrtime.bigint() - started) / ps.length, sum };
}

export function specialBench(): void {
  const ps = samplingProbabilities();
  const library = (p: number): number => stdlibNormalQuantile(p, 0, 1);
  const own: number[] = [];
  const stdlib: number[] = [];
  const ratios: number[] = [];
  let checksum = 0;
  const loadBefore = loadavg()[0]!.toFixed(1);
  nanosecondsPerCall(normalQuantile, ps); // warm the JIT
  nanosecondsPerCall(library, ps);
  for (let round = 0; round < ROUNDS; round++) {
    const a = nanosecondsPerCall(normalQuantile, ps);
    const b = nanosecondsPerCall(library, ps);
    own.push(a.ns);
    stdlib.push(b.ns);
    ratios.push(b.ns / a.ns);
    checksum += a.sum - b.sum;
  }
  const list = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(", ");
  console.log(`  normalQuantile (own)      median ${median(own).toFixed(1)} ns a call (runs: ${list(own)})`);
  console.log(
    `  @stdlib normal-quantile   median ${median(stdlib).toFixed(1)} ns a call (runs: ${list(stdlib)})`,
  );
  console.log(`  ratio @stdlib/own: median ${median(ratios).toFixed(2)}× (within-round ratios)`);
  console.log(
    `  load average before ${loadBefore}, after ${loadavg()[0]!.toFixed(1)} (${cpus().length} cores); ` +
      `sum of differences ${checksum.toExponential(2)}`,
  );
}
