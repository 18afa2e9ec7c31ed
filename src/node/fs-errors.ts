/**
 * File-system errors in plain words, in one place: Node's codes (ENOENT, EISDIR, ENOSPC, …) as
 * sentences a user can act on, with the path and what careflow was doing. The command line
 * reports them with exit code 2 and no stack trace.
 */

const REASONS: Record<string, string> = {
  ENOENT: "there is no such file or folder",
  EISDIR: "it is a folder, not a file",
  ENOTDIR: "a part of the path is a file, not a folder",
  EEXIST: "a file of that name is already there",
  ENOTEMPTY: "the folder is not empty",
  EACCES: "permission denied",
  EPERM: "the operation is not permitted",
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is used up",
  EROFS: "the file system is read-only",
  EIO: "the disk reported an input/output error",
  EFBIG: "the file is too large for the file system",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "the path has too many symbolic links (a loop?)",
  EMFILE: "too many files are open",
  ENFILE: "too many files are open on this system",
  EBUSY: "it is busy (in use by another program)",
  ENXIO: "the device is not there",
  ENODEV: "the device is not there",
  EINVAL: "the operation is not valid for this file",
};

const ACTIONS: Record<string, string> = {
  open: "open",
  read: "read",
  stat: "read",
  lstat: "read",
  scandir: "read the folder",
  mkdir: "create the folder",
  write: "write",
  rename: "write",
  copyfile: "write",
  unlink: "remove",
  rmdir: "remove",
  rm: "remove",
  ftruncate: "write",
  fsync: "write",
  fdatasync: "write",
  close: "write",
};

interface FsError {
  code: string;
  syscall?: string;
  path?: string;
  dest?: string;
}

function isFsError(error: unknown): error is FsError {
  if (!(error instanceof Error)) return false;
  const { code, syscall } = error as Partial<FsError>;
  return typeof code === "string" && code in REASONS && typeof syscall === "string";
}

/** Why a file-system call failed, in words (e.g. "it is a folder, not a file"); undefined if not one. */
export function fsErrorReason(error: unknown): string | undefined {
  return isFsError(error) ? REASONS[error.code] : undefined;
}

/**
 * "cannot write out/summary.json: the disk is full" for a file-system error; undefined for
 * anything else. A rename names its target (the temporary name means nothing to the user).
 */
export function describeFsError(error: unknown): string | undefined {
  if (!isFsError(error)) return undefined;
  const action = ACTIONS[error.syscall ?? ""] ?? "use";
  const path = error.syscall === "rename" ? (error.dest ?? error.path) : error.path;
  const where = path === undefined ? "" : ` ${path}`;
  return `cannot ${action}${where}: ${REASONS[error.code]} (${error.code})`;
}
