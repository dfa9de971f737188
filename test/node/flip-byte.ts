/** Flip bits of one byte in place (tests that damage files). */
export function flipByte(bytes: Buffer, offset: number, mask: number): void {
  if (offset < 0 || offset >= bytes.length) throw new RangeError(`offset ${offset} outside ${bytes.length} bytes`);
  bytes[offset] = bytes[offset]! ^ mask;
}
