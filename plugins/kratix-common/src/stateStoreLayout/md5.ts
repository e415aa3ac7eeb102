/**
 * MD5 of a UTF-8 string as lower-case hex. Kratix names workload groups by the md5 of their
 * directory; this package has no I/O or Node APIs, so it computes it itself.
 * @public
 */
export function md5Hex(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const words = new Uint32Array((((bytes.length + 8) >>> 6) + 1) * 16);
  bytes.forEach((b, i) => {
    words[i >> 2] |= b << ((i % 4) * 8);
  });
  words[bytes.length >> 2] |= 0x80 << ((bytes.length % 4) * 8);
  words[words.length - 2] = bytes.length * 8;
  const S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
  const K = Array.from(
    { length: 64 },
    (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0,
  );
  let [a0, b0, c0, d0] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
  for (let block = 0; block < words.length; block += 16) {
    let [a, b, c, d] = [a0, b0, c0, d0];
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) [f, g] = [(b & c) | (~b & d), i];
      else if (i < 32) [f, g] = [(d & b) | (~d & c), (5 * i + 1) % 16];
      else if (i < 48) [f, g] = [b ^ c ^ d, (3 * i + 5) % 16];
      else [f, g] = [c ^ (b | ~d), (7 * i) % 16];
      const sum = (a + f + K[i] + words[block + g]) >>> 0;
      const shift = S[(i >> 4) * 4 + (i % 4)];
      [a, d, c] = [d, c, b];
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) >>> 0;
    }
    [a0, b0, c0, d0] = [
      (a0 + a) >>> 0,
      (b0 + b) >>> 0,
      (c0 + c) >>> 0,
      (d0 + d) >>> 0,
    ];
  }
  return [a0, b0, c0, d0]
    .map(x =>
      Array.from({ length: 4 }, (_, i) =>
        ((x >>> (i * 8)) & 0xff).toString(16).padStart(2, '0'),
      ).join(''),
    )
    .join('');
}

/** The 5-hex-digit folder name Kratix gives a workload group of a directory. @public */
export function workloadGroupFolder(directory = '.'): string {
  return md5Hex(directory).slice(0, 5);
}
