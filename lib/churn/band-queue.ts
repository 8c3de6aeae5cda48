// A full rescore whose bands follow the book holds every customer's score until the bands are settled (recompute.ts,
// applyBands). Held as columns of typed arrays, not an object per customer: 100,000 customers are a few MB in a handful
// of arrays, which the garbage collector does not walk (issue #12).
import type { Band } from './rules';

const BANDS: readonly (Band | undefined)[] = [undefined, 'low', 'medium', 'high'];
const SAME = 4;

/** One held score: what the stored row needs besides its band, and what the chunk knew of the stored row. */
export interface HeldScore {
  contactId: number;
  score: number;
  probability?: number;
  horizonDays?: number;
  /** The stored row says the same as this score when its band is `storedBand`: nothing to write unless the band moves. */
  same: boolean;
  storedBand?: Band;
}

/** Scores held for the book's bands, in the order pushed (ascending contact ids in a full rescore). */
export class BandQueue {
  length = 0;
  ids = new Int32Array(256);
  scores = new Float64Array(256);
  /** NaN: none. */
  probabilities = new Float64Array(256);
  /** NaN: none. */
  horizons = new Float64Array(256);
  /** The stored band's index in BANDS, plus SAME. */
  flags = new Uint8Array(256);

  private grow(to: number): void {
    if (to <= this.ids.length) return;
    const size = Math.max(to, this.ids.length * 2);
    const bigger = <T extends Int32Array | Float64Array | Uint8Array>(a: T, make: new (n: number) => T): T => {
      const out = new make(size);
      out.set(a.subarray(0, this.length) as never);
      return out;
    };
    this.ids = bigger(this.ids, Int32Array);
    this.scores = bigger(this.scores, Float64Array);
    this.probabilities = bigger(this.probabilities, Float64Array);
    this.horizons = bigger(this.horizons, Float64Array);
    this.flags = bigger(this.flags, Uint8Array);
  }

  /** Holds one score. */
  push(s: HeldScore): void {
    this.grow(this.length + 1);
    const i = this.length++;
    this.ids[i] = s.contactId;
    this.scores[i] = s.score;
    this.probabilities[i] = s.probability ?? NaN;
    this.horizons[i] = s.horizonDays ?? NaN;
    this.flags[i] = BANDS.indexOf(s.storedBand) + (s.same ? SAME : 0);
  }

  /** Holds every score of another queue after these. */
  append(other: BandQueue): void {
    this.grow(this.length + other.length);
    const n = other.length;
    this.ids.set(other.ids.subarray(0, n), this.length);
    this.scores.set(other.scores.subarray(0, n), this.length);
    this.probabilities.set(other.probabilities.subarray(0, n), this.length);
    this.horizons.set(other.horizons.subarray(0, n), this.length);
    this.flags.set(other.flags.subarray(0, n), this.length);
    this.length += n;
  }

  /** The score at position i. */
  at(i: number): HeldScore {
    const probability = this.probabilities[i];
    const horizonDays = this.horizons[i];
    const storedBand = BANDS[this.flags[i] & 3];
    return {
      contactId: this.ids[i],
      score: this.scores[i],
      ...(Number.isNaN(probability) ? {} : { probability }),
      ...(Number.isNaN(horizonDays) ? {} : { horizonDays }),
      same: (this.flags[i] & SAME) !== 0,
      ...(storedBand ? { storedBand } : {}),
    };
  }

  /** Every held score (tests). */
  toArray(): HeldScore[] {
    return Array.from({ length: this.length }, (_, i) => this.at(i));
  }
}
