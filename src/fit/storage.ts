/**
 * Compact stores for the fit's one pass over an extract. Both keep their data in typed arrays,
 * outside the JavaScript heap, so an extract of millions of rows is reduced to 8 bytes a spell
 * (one number for its stay) and 8 bytes a row for duplicate detection, whatever the row's width.
 */

/** A Float64Array that doubles when full. */
export class GrowableSample {
  private data = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** The values, trimmed to length (a view: no copy). */
  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

/**
 * A set of 64-bit fingerprints (two independent 32-bit FNV-1a hashes of a row's key), open
 * addressing in a Uint32Array. The chance that two different keys share a fingerprint among ten
 * million rows is about n²/2⁶⁵ ≈ 3·10⁻⁶, so a reported duplicate is a duplicate.
 */
export class FingerprintSet {
  private slots = new Uint32Array(2 * 4096);
  private used = 0;

  /** Adds the key; false when it was already there. */
  add(key: string): boolean {
    let a = 0x811c9dc5;
    let b = 0x01000193 ^ 0x5bd1e995;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    // Zero marks an empty slot, so a real zero hash moves to 1.
    a = a >>> 0 || 1;
    b = b >>> 0;
    if ((this.used + 1) * 2 > this.slots.length / 2) this.grow();
    return this.insert(a, b);
  }

  private insert(a: number, b: number): boolean {
    const capacity = this.slots.length / 2;
    let slot = (a ^ b) & (capacity - 1);
    for (;;) {
      const at = slot * 2;
      if (this.slots[at] === 0) {
        this.slots[at] = a;
        this.slots[at + 1] = b;
        this.used++;
        return true;
      }
      if (this.slots[at] === a && this.slots[at + 1] === b) return false;
      slot = (slot + 1) & (capacity - 1);
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.used = 0;
    for (let at = 0; at < old.length; at += 2) if (old[at] !== 0) this.insert(old[at]!, old[at + 1]!);
  }
}
