/** The size of a read block of the log reader. */
export const blockSize = 1024 * 1024;

const free: Buffer[] = [];
/** Enough for the two blocks of a read-ahead, twice over; more would only hold memory. */
const maxFree = 4;

/**
 * A read block of at least `length` bytes, reused when one is free: a fresh
 * 1 MiB buffer costs page faults on first touch, which for a folder of many
 * rotated files cost more than the search of their bytes.
 */
export function takeBlock(length = blockSize): Buffer {
  if (length > blockSize) return Buffer.allocUnsafe(length); // a line longer than a block: a one-off
  return free.pop() ?? Buffer.allocUnsafe(blockSize);
}

/** Gives a block back once nothing reads into it or points into it any more. */
export function releaseBlock(block: Buffer): void {
  if (block.length === blockSize && free.length < maxFree && !free.includes(block)) free.push(block);
}
