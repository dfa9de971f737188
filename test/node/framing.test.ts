import { describe, expect, it } from 'vitest';
import { encodeFrame, encodeJsonFrame, FrameDecoder, FrameError } from '../../src/node/framing.js';

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('framing', () => {
  it('round-trips one frame with a 4-byte big-endian length', () => {
    const frame = encodeFrame('{"a":"é"}');
    expect(frame.readUInt32BE(0)).toBe(Buffer.byteLength('{"a":"é"}'));
    expect(new FrameDecoder().push(frame)).toEqual(['{"a":"é"}']);
  });

  it('decodes many frames in one chunk', () => {
    const values = [{ a: 1 }, { b: 'two' }, [], ''];
    const chunk = Buffer.concat(values.map((v) => encodeJsonFrame(v)));
    expect(new FrameDecoder().push(chunk).map((s) => JSON.parse(s))).toEqual(values);
  });

  it('decodes frames split at every byte boundary', () => {
    const payloads = ['hello', '', 'x'.repeat(300), '{"k":[1,2,3]}'];
    const stream = Buffer.concat(payloads.map((p) => encodeFrame(p)));
    for (let cut = 0; cut <= stream.length; cut++) {
      const decoder = new FrameDecoder();
      const got = [...decoder.push(stream.subarray(0, cut)), ...decoder.push(stream.subarray(cut))];
      expect(got).toEqual(payloads);
      expect(decoder.bufferedBytes).toBe(0);
    }
  });

  it('decodes a random chunking of a random stream (seeded)', () => {
    const seed = Number(process.env.FRAMING_SEED ?? 12345);
    console.log(`framing seed ${seed} (replay: FRAMING_SEED=${seed} npx vitest run test/node/framing.test.ts)`);
    const random = seededRandom(seed);
    const payloads = Array.from({ length: 200 }, (_, i) => `${i}:` + 'y'.repeat(Math.floor(random() * 5000)));
    const stream = Buffer.concat(payloads.map((p) => encodeFrame(p)));
    const decoder = new FrameDecoder();
    const got: string[] = [];
    let offset = 0;
    while (offset < stream.length) {
      const size = 1 + Math.floor(random() * 9000);
      got.push(...decoder.push(stream.subarray(offset, offset + size)));
      offset += size;
    }
    expect(got).toEqual(payloads);
  });

  it('rejects an oversize frame length and stays failed', () => {
    const decoder = new FrameDecoder(100);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(101, 0);
    expect(() => decoder.push(header)).toThrow(FrameError);
    expect(() => decoder.push(encodeFrame('ok'))).toThrow(/exceeds the limit/);
  });

  it('accepts a frame of exactly the limit', () => {
    const decoder = new FrameDecoder(100);
    expect(decoder.push(encodeFrame('z'.repeat(100)))).toEqual(['z'.repeat(100)]);
  });

  it('refuses to encode an oversize frame', () => {
    expect(() => encodeFrame('q'.repeat(16 * 1024 * 1024 + 1))).toThrow(FrameError);
  });
});
