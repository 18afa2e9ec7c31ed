/** A command-line mistake (a bad option value): reported in one line, exit code 2. */
import { InputError } from "../scenario/problems.js";

export class UsageError extends InputError {}
