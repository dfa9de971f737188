// One error class for the storage boundary: the node prints its message and exits non-zero.

export class StorageCorruptError extends Error {
  override readonly name = 'StorageCorruptError';
  constructor(
    readonly file: string,
    readonly byteOffset: number,
    detail: string,
  ) {
    super(`corrupt storage in ${file} at byte offset ${byteOffset}: ${detail}; refusing to start`);
  }
}
