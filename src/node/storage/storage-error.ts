// The errors of the storage boundary: the node prints the message (one line, naming the file)
// and exits with its storage exit code. Never a stack: each says what is wrong with which file.

/** Storage the node cannot start from: damaged, missing a part, or not a usable file. */
export class StorageError extends Error {
  override readonly name: string = 'StorageError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

/** A damaged record: the file and the byte offset where it starts. */
export class StorageCorruptError extends StorageError {
  override readonly name = 'StorageCorruptError';
  constructor(
    file: string,
    readonly byteOffset: number,
    detail: string,
  ) {
    super(file, `corrupt storage in ${file} at byte offset ${byteOffset}: ${detail}; refusing to start`);
  }
}

/** A part of the durable state is absent although another part shows it was written. */
export class StorageMissingError extends StorageError {
  override readonly name = 'StorageMissingError';
  constructor(file: string, detail: string) {
    super(file, `missing storage: ${file} ${detail}; refusing to start`);
  }
}

/** A storage path that is not a regular file, or that this process cannot read and write. */
export class StorageUnusableError extends StorageError {
  override readonly name = 'StorageUnusableError';
  constructor(file: string, detail: string) {
    super(file, `unusable storage: ${file} ${detail}; refusing to start`);
  }
}

const ERRNO_MEANING: Readonly<Record<string, string>> = {
  EACCES: 'is not readable and writable by this process (permission denied)',
  EPERM: 'cannot be written (operation not permitted)',
  EROFS: 'is on a read-only file system',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'has a path component that is not a directory',
  EEXIST: 'exists and is not a directory',
  ENOSPC: 'cannot be written: no space left on the device',
  EDQUOT: 'cannot be written: disk quota exceeded',
  EIO: 'cannot be read or written: input/output error',
  ELOOP: 'has too many levels of symbolic links',
  ENAMETOOLONG: 'has a name that is too long',
};

/**
 * The StorageError for a file-system error met while opening storage, or null when the error is
 * not one the file system gives for a bad path (a bug: it stays an unexpected error).
 */
export function storageErrorFromErrno(error: unknown, fallbackFile: string): StorageError | null {
  if (!(error instanceof Error)) return null;
  const { code, path, syscall } = error as NodeJS.ErrnoException;
  if (code === undefined) return null;
  const meaning = ERRNO_MEANING[code];
  if (meaning === undefined) return null;
  return new StorageUnusableError(path ?? fallbackFile, `${meaning} (${code} in ${syscall ?? 'a file operation'})`);
}
