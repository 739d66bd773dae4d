/**
 * The bytes one socket gets in one flush, joined into one buffer so the
 * socket sees a single write. Subscribers of the same thread usually queue
 * the very same frames in a tick (a fan-out): the join is then made once and
 * the same buffer written to all of them. Valid for one flush round only.
 */
export class WriteBatches {
  /** Joined batches of this round, by the identity of their first frame. */
  private readonly byFirst = new Map<Buffer, { frames: readonly Buffer[]; joined: Buffer }[]>();

  /** `frames` (at least two, `bytes` long in total) as one buffer, shared with earlier identical batches. */
  join(frames: readonly Buffer[], bytes: number): Buffer {
    const first = frames[0]!;
    let candidates = this.byFirst.get(first);
    if (candidates === undefined) {
      candidates = [];
      this.byFirst.set(first, candidates);
    } else {
      for (const candidate of candidates) if (sameFrames(candidate.frames, frames)) return candidate.joined;
    }
    const joined = Buffer.concat(frames as Buffer[], bytes);
    candidates.push({ frames, joined });
    return joined;
  }

  /** Ends the round: nothing is shared across rounds (their frames are never the same objects again). */
  clear(): void {
    this.byFirst.clear();
  }
}

function sameFrames(a: readonly Buffer[], b: readonly Buffer[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}
