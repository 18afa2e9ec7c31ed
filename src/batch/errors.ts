/**
 * A batch that cannot go ahead as asked (a folder holding a different batch, shards that do not
 * fit together, a bad option): a usage problem, so the command line reports it in one line and
 * exits with code 2, like any other bad option.
 */
import { UsageError } from "../cli/usage-error.js";

export class BatchInputError extends UsageError {
  override readonly name = "BatchInputError";
}
