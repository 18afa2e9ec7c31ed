/**
 * A batch that cannot go ahead as asked (a folder holding a different batch, shards that do not
 * fit together, a bad option): bad input, so it is reported in one line with exit code 2.
 */
import { InputError } from "../scenario/problems.js";

export class BatchInputError extends InputError {
  override readonly name = "BatchInputError";
}
