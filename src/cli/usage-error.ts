/** A command-line mistake (a bad option value): reported in one line, exit code 2. */
export class UsageError extends Error {}
