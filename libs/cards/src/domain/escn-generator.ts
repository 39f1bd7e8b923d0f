import { randomInt } from 'node:crypto';

/**
 * The official generator's time offset: the Gregorian-to-Unix distance in milliseconds, added (as the
 * official Java, PHP and C# generators do) to a count of 100-ns intervals. Reproduced on purpose, so that
 * minted numbers decode like every ESCN in circulation.
 */
const OFFSET = 12_219_292_800_000n;
/** Numbers minted per clock reading before the clock is read again, as in the official generator. */
const BATCH = 10_000;

/** Returns 14 random bits for the clock sequence of one ESCN. */
export type ClockSequenceSource = () => number;

const randomClockSequence: ClockSequenceSource = () => randomInt(0, 0x4000);

/**
 * Mints ESCNs with the official algorithm: an RFC 4122 version-1 layout whose node is the 3-digit prefix
 * followed by the 9-digit PIC, a fresh random 14-bit clock sequence per number, and a time value that
 * advances by one within a batch. Uniqueness across instances comes from the random clock sequence and the
 * database's unique constraint; callers retry on a collision.
 */
export class EscnGenerator {
  private time = 0n;
  private remaining = 0;

  constructor(
    private readonly nowMillis: () => number = () => Date.now(),
    private readonly clockSequence: ClockSequenceSource = randomClockSequence,
  ) {}

  next(prefix: number, pic: string): string {
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > 999) throw new RangeError(`prefix ${prefix} is not within 0 to 999`);
    if (!/^[0-9]{9}$/.test(pic)) throw new RangeError(`PIC ${pic} is not 9 digits`);

    const time = this.nextTime();
    const timeLow = time & 0xffffffffn;
    const timeMid = (time >> 32n) & 0xffffn;
    const timeHigh = ((time >> 48n) & 0x0fffn) | 0x1000n;
    const clockSequence = (this.clockSequence() & 0x3fff) | 0x8000;

    return [
      timeLow.toString(16).padStart(8, '0'),
      timeMid.toString(16).padStart(4, '0'),
      timeHigh.toString(16).padStart(4, '0'),
      clockSequence.toString(16).padStart(4, '0'),
      `${String(prefix).padStart(3, '0')}${pic}`,
    ].join('-');
  }

  private nextTime(): bigint {
    if (this.remaining > 0) {
      this.remaining--;
      this.time += 1n;

      return this.time;
    }

    const read = BigInt(this.nowMillis()) * 10_000n + OFFSET;
    this.time = read > this.time ? read : this.time + 1n;
    this.remaining = BATCH - 1;

    return this.time;
  }
}
