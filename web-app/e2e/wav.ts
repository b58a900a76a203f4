/** A 16-bit PCM WAV of `seconds` at `rate`: `sample(i, n)` gives each channel's value (-1..1) of sample i of n. */
export function encodeWav(seconds: number, rate: number, sample: (i: number, n: number) => number[]): Buffer {
  const n = Math.round(seconds * rate);
  const channels = sample(0, n).length;
  const data = Buffer.alloc(n * 2 * channels);
  for (let i = 0; i < n; i++) {
    sample(i, n).forEach((v, c) => data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, v)) * 32767), (i * channels + c) * 2));
  }
  const head = Buffer.alloc(44);
  head.write('RIFF', 0);
  head.writeUInt32LE(36 + data.length, 4);
  head.write('WAVE', 8);
  head.write('fmt ', 12);
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20); // PCM
  head.writeUInt16LE(channels, 22);
  head.writeUInt32LE(rate, 24);
  head.writeUInt32LE(rate * 2 * channels, 28);
  head.writeUInt16LE(2 * channels, 32);
  head.writeUInt16LE(16, 34);
  head.write('data', 36);
  head.writeUInt32LE(data.length, 40);
  return Buffer.concat([head, data]);
}
