// Length-prefixed frames (src/node/protocol.ts): a 4-byte big-endian length, then that many bytes of
// UTF-8 JSON. The decoder is incremental: TCP hands us arbitrary chunks, so a frame may arrive in
// pieces and one chunk may hold many frames.
import { MAX_FRAME_BYTES } from './protocol.js';

const HEADER_BYTES = 4;

export class FrameError extends Error {
  override readonly name = 'FrameError';
}

/** One frame for `payload` (a UTF-8 string, usually JSON). */
export function encodeFrame(payload: string): Buffer {
  const bodyBytes = Buffer.byteLength(payload, 'utf8');
  if (bodyBytes > MAX_FRAME_BYTES) {
    throw new FrameError(`frame of ${bodyBytes} bytes exceeds the limit of ${MAX_FRAME_BYTES} bytes`);
  }
  const frame = Buffer.allocUnsafe(HEADER_BYTES + bodyBytes);
  frame.writeUInt32BE(bodyBytes, 0);
  frame.write(payload, HEADER_BYTES, 'utf8');
  return frame;
}

/** One frame holding JSON.stringify(value). */
export function encodeJsonFrame(value: unknown): Buffer {
  return encodeFrame(JSON.stringify(value));
}

/**
 * Feed it chunks; it returns the complete frames found so far, keeping any partial frame for the
 * next chunk: push() gives their bodies as strings, pushRaw() the frames' bytes as they came
 * (header included, nothing re-encoded). After a FrameError the decoder is poisoned: the
 * connection must be closed.
 */
export class FrameDecoder {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private failed: FrameError | null = null;
  /** Bytes needed before the next frame is complete (known once its header arrived), else 0. */
  private neededBytes = 0;

  constructor(private readonly maxFrameBytes: number = MAX_FRAME_BYTES) {}

  push(chunk: Buffer): string[] {
    return this.pushRaw(chunk).map((frame) => frame.toString('utf8', HEADER_BYTES));
  }

  pushRaw(chunk: Buffer): Buffer[] {
    if (this.failed !== null) throw this.failed;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const frames: Buffer[] = [];
    // A large frame arrives in many chunks: wait for all of it instead of re-joining on every chunk.
    if (this.pendingBytes < HEADER_BYTES || this.pendingBytes < this.neededBytes) return frames;
    let buffer = this.pending.length === 1 ? chunk : Buffer.concat(this.pending, this.pendingBytes);
    let offset = 0;
    while (buffer.length - offset >= HEADER_BYTES) {
      const bodyBytes = buffer.readUInt32BE(offset);
      if (bodyBytes > this.maxFrameBytes) {
        this.failed = new FrameError(
          `frame length ${bodyBytes} exceeds the limit of ${this.maxFrameBytes} bytes`,
        );
        this.pending = [];
        this.pendingBytes = 0;
        throw this.failed;
      }
      if (buffer.length - offset - HEADER_BYTES < bodyBytes) break;
      const end = offset + HEADER_BYTES + bodyBytes;
      frames.push(buffer.subarray(offset, end));
      offset = end;
    }
    if (offset === buffer.length) {
      this.pending = [];
      this.pendingBytes = 0;
      this.neededBytes = 0;
    } else {
      buffer = buffer.subarray(offset);
      this.pending = [buffer];
      this.pendingBytes = buffer.length;
      this.neededBytes = buffer.length >= HEADER_BYTES ? HEADER_BYTES + buffer.readUInt32BE(0) : 0;
    }
    return frames;
  }

  /** Bytes held back waiting for the rest of a frame. */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }
}
