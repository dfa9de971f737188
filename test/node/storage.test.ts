import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Entry, HardState, Snapshot } from '../../src/raft/types.js';
import { asIndex, asNodeId, asTerm } from '../../src/raft/types.js';
import { crc32 } from '../../src/node/storage/crc32.js';
import { FileStorage, SNAPSHOT_FILE, WAL_FILE } from '../../src/node/storage/file-storage.js';
import { writeSnapshotFile } from '../../src/node/storage/snapshot-file.js';
import { StorageCorruptError, StorageMissingError, StorageUnusableError } from '../../src/node/storage/storage-error.js';
import { flipByte } from './flip-byte.js';

const entry = (index: number, term: number, data = `cmd-${index}`): Entry => ({
  index: asIndex(index),
  term: asTerm(term),
  kind: 'normal',
  data,
});
const hard = (term: number, votedFor: number | null, commit: number): HardState => ({
  term: asTerm(term),
  votedFor: votedFor === null ? null : asNodeId(votedFor),
  commit: asIndex(commit),
});
const range = (from: number, to: number, term: number): Entry[] =>
  Array.from({ length: to - from + 1 }, (_, i) => entry(from + i, term));

let dir: string;
let warnings: string[];
const open = (rewriteAfterBytes?: number): FileStorage =>
  FileStorage.open(dir, { warn: (line) => warnings.push(line), ...(rewriteAfterBytes === undefined ? {} : { rewriteAfterBytes }) });

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raft-storage-'));
  warnings = [];
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });
  it('can be computed in pieces', () => {
    const bytes = Buffer.from('hello, raft storage');
    expect(crc32(bytes, 7, bytes.length, crc32(bytes, 0, 7))).toBe(crc32(bytes));
  });
});

describe('FileStorage', () => {
  it('starts empty', () => {
    const storage = open();
    expect(storage.persistedState()).toEqual({ hardState: hard(0, null, 0), snapshot: null, entries: [] });
    storage.close();
    expect(fs.existsSync(path.join(dir, WAL_FILE))).toBe(true);
  });

  it('round-trips entries and hard state across a restart, one fsync per save', () => {
    const storage = open();
    const fsyncsAtOpen = storage.getStats().fsyncs;
    storage.save({ hardState: hard(1, 1, 0), snapshot: null, entries: range(1, 50, 1), mustSync: true });
    storage.save({ hardState: hard(1, 1, 40), snapshot: null, entries: range(51, 60, 1), mustSync: true });
    expect(storage.getStats().fsyncs - fsyncsAtOpen).toBe(2);
    expect(storage.getStats().writes).toBe(2);
    storage.close();
    const reopened = open();
    expect(reopened.persistedState()).toEqual({ hardState: hard(1, 1, 40), snapshot: null, entries: range(1, 60, 1) });
    expect(warnings).toEqual([]);
    reopened.close();
  });

  it('in deferSync mode writes at once but leaves the fdatasync to sync()', () => {
    const storage = open();
    storage.deferSync = true;
    const fsyncs = storage.getStats().fsyncs;
    storage.save({ hardState: hard(1, 1, 0), snapshot: null, entries: range(1, 3, 1), mustSync: true });
    expect(storage.syncPending).toBe(true);
    expect(storage.termOrVotePending).toBe(true);
    storage.save({ hardState: hard(1, 1, 2), snapshot: null, entries: range(4, 6, 1), mustSync: true });
    expect(storage.getStats().fsyncs).toBe(fsyncs);
    storage.sync();
    expect(storage.getStats().fsyncs).toBe(fsyncs + 1);
    expect(storage.syncPending).toBe(false);
    expect(storage.termOrVotePending).toBe(false);
    storage.save({ hardState: hard(1, 1, 3), snapshot: null, entries: [], mustSync: false }); // commit only
    expect(storage.syncPending).toBe(false);
    storage.save({ hardState: null, snapshot: null, entries: range(7, 7, 1), mustSync: true });
    expect(storage.termOrVotePending).toBe(false);
    storage.close(); // syncs what is pending
    expect(storage.getStats().fsyncs).toBe(fsyncs + 2);
    expect(open().persistedState()).toEqual({ hardState: hard(1, 1, 3), snapshot: null, entries: range(1, 7, 1) });
  });

  it('replaces a conflicting suffix (§5.3) and keeps the replacement across a restart', () => {
    const storage = open();
    storage.save({ hardState: hard(1, 1, 0), snapshot: null, entries: range(1, 10, 1), mustSync: true });
    storage.save({ hardState: hard(2, 2, 5), snapshot: null, entries: range(6, 8, 2), mustSync: true });
    expect(storage.lastIndex).toBe(8);
    storage.close();
    const reopened = open();
    expect(reopened.persistedState().entries).toEqual([...range(1, 5, 1), ...range(6, 8, 2)]);
    expect(reopened.hardState).toEqual(hard(2, 2, 5));
    reopened.close();
  });

  it('refuses a gap in the log', () => {
    const storage = open();
    storage.save({ hardState: null, snapshot: null, entries: range(1, 3, 1), mustSync: true });
    expect(() => storage.save({ hardState: null, snapshot: null, entries: range(5, 6, 1), mustSync: true })).toThrow(/gap/);
    storage.close();
  });

  it('keeps every saved entry and hard state across many restarts (seeded)', () => {
    const seed = Number(process.env.STORAGE_SEED ?? 4242);
    console.log(`storage seed ${seed} (replay: STORAGE_SEED=${seed} npx vitest run test/node/storage.test.ts)`);
    let state = seed >>> 0;
    const random = (n: number): number => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return Math.floor((state / 2 ** 32) * n);
    };
    let model: Entry[] = [];
    let modelHard = hard(0, null, 0);
    let term = 1;
    for (let round = 0; round < 30; round++) {
      const storage = open();
      expect(storage.persistedState()).toEqual({ hardState: modelHard, snapshot: null, entries: model });
      for (let save = 0; save < 5; save++) {
        if (random(4) === 0) term++;
        const from = Math.max(1, model.length + 1 - random(4)); // sometimes overwrite a suffix
        const batch = range(from, from + random(20), term);
        model = [...model.slice(0, from - 1), ...batch];
        modelHard = hard(term, random(3) + 1, Math.min(model.length, modelHard.commit + random(10)));
        storage.save({ hardState: modelHard, snapshot: null, entries: batch, mustSync: true });
      }
      storage.close();
    }
  });

  describe('a torn record at the end', () => {
    /** Three saves; returns where the records end after each (the file holds zeros after that). */
    function writeThreeBatches(): number[] {
      const storage = open();
      const sizes: number[] = [storage.walRecordBytes];
      storage.save({ hardState: hard(1, 1, 0), snapshot: null, entries: range(1, 5, 1), mustSync: true });
      sizes.push(storage.walRecordBytes);
      storage.save({ hardState: null, snapshot: null, entries: range(6, 10, 1), mustSync: true });
      sizes.push(storage.walRecordBytes);
      storage.save({ hardState: null, snapshot: null, entries: range(11, 15, 1), mustSync: true });
      sizes.push(storage.walRecordBytes);
      storage.close();
      return sizes;
    }

    it('is cut at several points with a warning, keeping every complete record', () => {
      const sizes = writeThreeBatches();
      const walPath = path.join(dir, WAL_FILE);
      const full = fs.readFileSync(walPath);
      const lastStart = sizes[2]!;
      const lastEnd = sizes[3]!;
      for (const cut of [lastEnd - 1, lastEnd - 3, lastStart + 9, lastStart + 8, lastStart + 5, lastStart + 1]) {
        fs.writeFileSync(walPath, full.subarray(0, cut));
        warnings = [];
        const storage = open();
        expect(storage.persistedState().entries).toEqual(range(1, 10, 1));
        expect(storage.hardState).toEqual(hard(1, 1, 0));
        expect(storage.walRecordBytes).toBe(lastStart);
        // A few zero bytes (the high bytes of a length) look just like preallocated space: clean.
        if (full.subarray(lastStart, cut).every((b) => b === 0)) {
          expect(warnings).toEqual([]);
        } else {
          expect(warnings).toHaveLength(1);
          expect(warnings[0]).toContain(walPath);
          expect(warnings[0]).toContain(`byte offset ${lastStart}`);
          expect(fs.statSync(walPath).size).toBe(lastStart);
        }
        // The cut log accepts new appends and reads back cleanly.
        storage.save({ hardState: null, snapshot: null, entries: range(11, 12, 2), mustSync: true });
        storage.close();
        warnings = [];
        const again = open();
        expect(again.persistedState().entries).toEqual([...range(1, 10, 1), ...range(11, 12, 2)]);
        expect(warnings).toEqual([]);
        again.close();
      }
    });

    it('treats a zero-filled (preallocated) tail as a clean end, and a torn record in it as torn', () => {
      const sizes = writeThreeBatches();
      const walPath = path.join(dir, WAL_FILE);
      expect(fs.statSync(walPath).size).toBeGreaterThan(sizes[3]!); // preallocated
      let storage = open();
      expect(storage.persistedState().entries).toEqual(range(1, 15, 1));
      expect(warnings).toEqual([]);
      expect(storage.walRecordBytes).toBe(sizes[3]);
      storage.close();
      // Half a record header written over the zeros.
      const fd = fs.openSync(walPath, 'r+');
      fs.writeSync(fd, Buffer.from([0, 0, 1]), 0, 3, sizes[3]! + 1);
      fs.closeSync(fd);
      storage = open();
      expect(storage.persistedState().entries).toEqual(range(1, 15, 1));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`byte offset ${sizes[3]}`);
      storage.save({ hardState: null, snapshot: null, entries: range(16, 16, 1), mustSync: true });
      storage.close();
      warnings = [];
      expect(open().persistedState().entries).toEqual(range(1, 16, 1));
      expect(warnings).toEqual([]);
    });

  });

  describe('a damaged last record that is complete (fsync\'d, then damaged)', () => {
    it('refuses a flipped byte in its body, checksum or length field, naming the file and byte offset', () => {
      const storage = open();
      storage.save({ hardState: hard(1, 1, 0), snapshot: null, entries: range(1, 5, 1), mustSync: true });
      const lastStart = storage.walRecordBytes;
      storage.save({ hardState: null, snapshot: null, entries: range(6, 10, 1), mustSync: true });
      const lastEnd = storage.walRecordBytes;
      storage.close();
      const walPath = path.join(dir, WAL_FILE);
      const original = fs.readFileSync(walPath);
      expect(original.length).toBeGreaterThan(lastEnd); // preallocated zeros follow the last record
      const cases = [
        { name: 'body', position: lastEnd - 4, mask: 0x01 },
        { name: 'last body byte', position: lastEnd - 1, mask: 0x02 },
        { name: 'checksum', position: lastStart + 6, mask: 0x10 },
        { name: 'length, made longer', position: lastStart + 2, mask: 0x01 },
        { name: 'length, made shorter', position: lastStart + 3, mask: 0x01 },
        { name: 'length, high byte', position: lastStart, mask: 0x80 },
      ];
      for (const { name, position, mask } of cases) {
        const bytes = Buffer.from(original);
        flipByte(bytes, position, mask);
        fs.writeFileSync(walPath, bytes);
        warnings = [];
        let caught: unknown;
        try {
          open().close();
        } catch (error) {
          caught = error;
        }
        expect(caught, name).toBeInstanceOf(StorageCorruptError);
        const error = caught as StorageCorruptError;
        expect(error.message, name).toContain(`corrupt storage in ${walPath} at byte offset ${lastStart}:`);
        expect(error.byteOffset, name).toBe(lastStart);
        expect(warnings, name).toEqual([]);
        expect(fs.readFileSync(walPath).equals(bytes), `${name}: nothing is cut`).toBe(true);
      }
    });

    it('still cuts, with a warning, a last record whose length runs past the end of a file that is not preallocated', () => {
      const storage = open(0);
      storage.save({ hardState: hard(1, 1, 0), snapshot: null, entries: range(1, 5, 1), mustSync: true });
      const lastStart = storage.walRecordBytes;
      storage.save({ hardState: null, snapshot: null, entries: range(6, 10, 1), mustSync: true });
      const lastEnd = storage.walRecordBytes;
      storage.close();
      const walPath = path.join(dir, WAL_FILE);
      const full = fs.readFileSync(walPath).subarray(0, lastEnd);
      // The append stopped half-way; the bytes it did not reach are zeros (preallocated) or absent.
      const halfway = lastStart + Math.floor((lastEnd - lastStart) / 2);
      for (const torn of [full.subarray(0, halfway), Buffer.concat([full.subarray(0, halfway), Buffer.alloc(lastEnd - halfway + 100)])]) {
        fs.writeFileSync(walPath, torn);
        warnings = [];
        const reopened = open();
        expect(reopened.persistedState().entries).toEqual(range(1, 5, 1));
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toContain(`${walPath}: torn record at byte offset ${lastStart}`);
        expect(warnings[0]).toMatch(/record length \d+ runs past the end of the written data/);
        reopened.close();
      }
    });
  });

  describe('a corrupt record in the middle', () => {
    it('stops the node with an error naming the file and byte offset', () => {
      const storage = open();
      storage.save({ hardState: hard(1, 1, 0), snapshot: null, entries: range(1, 5, 1), mustSync: true });
      const secondStart = storage.walRecordBytes;
      storage.save({ hardState: null, snapshot: null, entries: range(6, 10, 1), mustSync: true });
      const secondEnd = storage.walRecordBytes;
      storage.save({ hardState: null, snapshot: null, entries: range(11, 15, 1), mustSync: true });
      storage.close();
      const walPath = path.join(dir, WAL_FILE);
      const original = fs.readFileSync(walPath);
      // A flipped byte in the body, in the checksum, and in the length field of the middle record.
      for (const position of [Math.floor((secondStart + secondEnd) / 2), secondStart + 5, secondStart + 2]) {
        const bytes = Buffer.from(original);
        flipByte(bytes, position, 0x20);
        fs.writeFileSync(walPath, bytes);
        let caught: unknown;
        try {
          open();
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeInstanceOf(StorageCorruptError);
        const error = caught as StorageCorruptError;
        expect(error.message).toContain(walPath);
        expect(error.message).toContain(`byte offset ${secondStart}`);
        expect(error.byteOffset).toBe(secondStart);
        // Nothing was cut: the damaged file is left for inspection.
        expect(fs.statSync(walPath).size).toBe(original.length);
      }
    });

    it('stops on a corrupt snapshot file', () => {
      const storage = open();
      storage.save({ hardState: hard(1, 1, 5), snapshot: null, entries: range(1, 8, 1), mustSync: true });
      storage.compact({ lastIndex: asIndex(5), lastTerm: asTerm(1), data: '{"x":1}' });
      storage.close();
      const snapshotPath = path.join(dir, SNAPSHOT_FILE);
      const bytes = fs.readFileSync(snapshotPath);
      flipByte(bytes, bytes.length - 3, 0x01);
      fs.writeFileSync(snapshotPath, bytes);
      expect(() => open()).toThrow(new RegExp(`corrupt storage in ${snapshotPath}`));
    });
  });

  describe('snapshots', () => {
    const snap = (lastIndex: number, lastTerm: number): Snapshot => ({
      lastIndex: asIndex(lastIndex),
      lastTerm: asTerm(lastTerm),
      data: JSON.stringify({ through: lastIndex }),
    });

    it('rewrites a large log after a snapshot and restarts from snapshot + remaining entries', () => {
      const storage = open(0);
      storage.save({ hardState: hard(2, 1, 90), snapshot: null, entries: range(1, 100, 2), mustSync: true });
      const sizeBefore = storage.walRecordBytes;
      storage.compact(snap(90, 2));
      expect(storage.walRecordBytes).toBeLessThan(sizeBefore / 5);
      expect(fs.statSync(path.join(dir, WAL_FILE)).size).toBe(storage.walRecordBytes);
      expect(storage.snapshotIndex).toBe(90);
      expect(storage.getStats().rewrites).toBe(2); // the first at creation
      storage.save({ hardState: hard(2, 1, 95), snapshot: null, entries: range(101, 103, 2), mustSync: true });
      storage.close();
      const reopened = open(0);
      expect(reopened.persistedState()).toEqual({
        hardState: hard(2, 1, 95),
        snapshot: snap(90, 2),
        entries: range(91, 103, 2),
      });
      expect(reopened.termAt(90)).toBe(2);
      reopened.close();
      expect(fs.readdirSync(dir).sort()).toEqual([SNAPSHOT_FILE, WAL_FILE].sort());
    });

    it('marks a snapshot in a small log without rewriting it, and replays the marker on restart', () => {
      const storage = open();
      storage.save({ hardState: hard(2, 1, 90), snapshot: null, entries: range(1, 100, 2), mustSync: true });
      const sizeBefore = storage.walRecordBytes;
      storage.compact(snap(60, 2));
      storage.compact(snap(90, 2));
      expect(storage.getStats().rewrites).toBe(1); // only at creation
      expect(storage.walRecordBytes).toBeGreaterThan(sizeBefore);
      storage.save({ hardState: null, snapshot: null, entries: range(101, 102, 2), mustSync: true });
      storage.close();
      const reopened = open();
      expect(reopened.persistedState()).toEqual({ hardState: hard(2, 1, 90), snapshot: snap(90, 2), entries: range(91, 102, 2) });
      expect(warnings).toEqual([]);
      reopened.close();
    });

    it('recovers when the marker of a snapshot was lost (crash after the snapshot rename)', () => {
      const storage = open();
      storage.save({ hardState: hard(1, 1, 30), snapshot: null, entries: range(1, 40, 1), mustSync: true });
      storage.compact(snap(20, 1));
      storage.close();
      writeSnapshotFile(path.join(dir, SNAPSHOT_FILE), snap(30, 1)); // a later snapshot, no marker
      const reopened = open();
      expect(reopened.persistedState()).toEqual({ hardState: hard(1, 1, 30), snapshot: snap(30, 1), entries: range(31, 40, 1) });
      reopened.close();
    });

    it('installs a leader snapshot that conflicts with the log by dropping the whole log (§7)', () => {
      const storage = open();
      storage.save({ hardState: hard(1, 1, 3), snapshot: null, entries: range(1, 10, 1), mustSync: true });
      storage.save({ hardState: hard(3, null, 20), snapshot: snap(20, 3), entries: [], mustSync: true });
      expect(storage.lastIndex).toBe(20);
      storage.save({ hardState: null, snapshot: null, entries: range(21, 22, 3), mustSync: true });
      storage.close();
      const reopened = open();
      expect(reopened.persistedState()).toEqual({ hardState: hard(3, null, 20), snapshot: snap(20, 3), entries: range(21, 22, 3) });
      reopened.close();
    });

    it('keeps the entries after a leader snapshot that agrees with the log (§7)', () => {
      const storage = open();
      storage.save({ hardState: hard(1, 1, 3), snapshot: null, entries: range(1, 10, 1), mustSync: true });
      storage.save({ hardState: hard(1, 1, 6), snapshot: snap(6, 1), entries: [], mustSync: true });
      expect(storage.persistedState().entries).toEqual(range(7, 10, 1));
      storage.close();
    });

    it('recovers from a crash between the snapshot rename and the log rewrite', () => {
      const storage = open();
      storage.save({ hardState: hard(1, 1, 30), snapshot: null, entries: range(1, 40, 1), mustSync: true });
      storage.close();
      writeSnapshotFile(path.join(dir, SNAPSHOT_FILE), snap(30, 1));
      fs.writeFileSync(path.join(dir, `${WAL_FILE}.tmp`), 'half a rewrite');
      const reopened = open();
      expect(reopened.persistedState()).toEqual({ hardState: hard(1, 1, 30), snapshot: snap(30, 1), entries: range(31, 40, 1) });
      reopened.close();
      expect(fs.existsSync(path.join(dir, `${WAL_FILE}.tmp`))).toBe(false);
    });

    it('refuses to start from a snapshot whose wal.log is missing, naming it (the term and vote are there)', () => {
      const storage = open();
      storage.save({ hardState: hard(1, 3, 30), snapshot: null, entries: range(1, 40, 1), mustSync: true });
      storage.compact(snap(30, 1));
      storage.close();
      const walPath = path.join(dir, WAL_FILE);
      fs.rmSync(walPath);
      expect(() => open()).toThrow(StorageMissingError);
      expect(() => open()).toThrow(
        `missing storage: ${walPath} is missing, yet ${path.join(dir, SNAPSHOT_FILE)} holds a snapshot through index 30: ` +
          'the term and vote the log held would be forgotten; refusing to start',
      );
      expect(fs.existsSync(walPath)).toBe(false); // nothing was created in its place
      // An emptied log is refused the same way.
      fs.writeFileSync(walPath, Buffer.alloc(0));
      expect(() => open()).toThrow(/missing storage: .*wal\.log holds no hard state \(term, vote\), yet .*snapshot through index 30/);
    });

    it('refuses to start when the snapshot a compacted log needs is missing', () => {
      const storage = open();
      storage.save({ hardState: hard(1, 1, 30), snapshot: null, entries: range(1, 40, 1), mustSync: true });
      storage.compact(snap(30, 1));
      storage.close();
      fs.rmSync(path.join(dir, SNAPSHOT_FILE));
      expect(() => open()).toThrow(/compacted through index 30 but .*snapshot\.dat is missing/);
    });
  });

  describe('paths it cannot use', () => {
    it('refuses a wal.log, a snapshot.dat or a data directory that is not what it must be, naming the path', () => {
      const walPath = path.join(dir, WAL_FILE);
      const snapshotPath = path.join(dir, SNAPSHOT_FILE);
      fs.mkdirSync(walPath);
      expect(() => open()).toThrow(StorageUnusableError);
      expect(() => open()).toThrow(`unusable storage: ${walPath} is a directory, not a file; refusing to start`);
      fs.rmdirSync(walPath);
      open().close();
      fs.rmSync(snapshotPath, { force: true });
      fs.mkdirSync(snapshotPath);
      expect(() => open()).toThrow(`unusable storage: ${snapshotPath} is a directory, not a file; refusing to start`);
      fs.rmdirSync(snapshotPath);
      const fileAsDir = path.join(dir, 'plain-file');
      fs.writeFileSync(fileAsDir, 'x');
      expect(() => FileStorage.open(fileAsDir, { warn: () => {} })).toThrow(
        new RegExp(`^unusable storage: ${fileAsDir} exists and is not a directory \\(EEXIST in mkdir\\); refusing to start$`),
      );
      expect(() => FileStorage.open(path.join(fileAsDir, 'data'), { warn: () => {} })).toThrow(StorageUnusableError);
    });
  });
});
