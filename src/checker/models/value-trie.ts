// Interned string values built by put and append, as a trie: a value id stands for the text of its
// parent followed by its suffix. States of the kv models hold ids, so hashing and comparing a state
// never touches the (possibly long) text. Two different put/append paths that happen to spell the
// same text get different ids; equality by id is then conservative, which only costs the search
// some merging, never a wrong verdict.

import { ABSENT, IntPairMap } from '../int-pair-map.js';

export class ValueTrie {
  /** id 0 is "". */
  private readonly parent: number[] = [0];
  private readonly suffix: string[] = [''];
  private readonly length: number[] = [0];
  /** (parent id or -1 for a put, suffix id) -> child id. */
  private readonly children = new IntPairMap(256);
  /** Suffix texts numbered; operations reuse their input strings, whose hash V8 caches. */
  private readonly suffixIds = new Map<string, number>();

  /** The id of `text` written by a put. */
  put(text: string): number {
    return text === '' ? 0 : this.child(-1, text);
  }

  /** The id of the value `id` followed by `text` (an append). */
  append(id: number, text: string): number {
    return text === '' ? id : this.child(id, text);
  }

  private child(parent: number, text: string): number {
    let sid = this.suffixIds.get(text);
    if (sid === undefined) {
      sid = this.suffixIds.size;
      this.suffixIds.set(text, sid);
    }
    let id = this.children.get(parent + 1, sid);
    if (id === ABSENT) {
      id = this.parent.length;
      this.parent.push(parent < 0 ? 0 : parent);
      this.suffix.push(text);
      this.length.push((parent < 0 ? 0 : this.length[parent]!) + text.length);
      this.children.add(parent + 1, sid, id);
    }
    return id;
  }

  /** Whether the value `id` spells `text`, without building the value's text. */
  equalsText(id: number, text: string): boolean {
    if (this.length[id] !== text.length) return false;
    let end = text.length;
    while (id !== 0) {
      const s = this.suffix[id]!;
      end -= s.length;
      if (!text.startsWith(s, end)) return false;
      id = this.parent[id]!;
    }
    return end === 0;
  }

  /** Whether the value `id` is a prefix of `text`, without building the value's text. */
  isPrefixOf(id: number, text: string): boolean {
    let end = this.length[id]!;
    if (end > text.length) return false;
    while (id !== 0) {
      const s = this.suffix[id]!;
      end -= s.length;
      if (!text.startsWith(s, end)) return false;
      id = this.parent[id]!;
    }
    return true;
  }

  /** The text of value `id` (for display). */
  text(id: number): string {
    const parts: string[] = [];
    while (id !== 0) {
      parts.push(this.suffix[id]!);
      id = this.parent[id]!;
    }
    return parts.reverse().join('');
  }
}
