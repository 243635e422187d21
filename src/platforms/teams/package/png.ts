import { crc32, deflateSync } from 'node:zlib';

/**
 * A tiny PNG encoder for the Teams app icons, drawn from code so the repository carries no binaries. Pixels come
 * from `paint(x, y)` as [r, g, b, a].
 */
export function png(size: number, paint: (x: number, y: number) => [number, number, number, number]): Buffer {
  const row = size * 4 + 1;
  const raw = Buffer.alloc(row * size);
  for (let y = 0; y < size; y++) {
    raw[y * row] = 0; // filter: none
    for (let x = 0; x < size; x++) raw.set(paint(x, y), y * row + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** The recovery-coach mark: a ring (the loop of acknowledge → correct → connect) with a dot, centred. */
function mark(size: number, x: number, y: number): { ring: boolean; dot: boolean } {
  const c = (size - 1) / 2;
  const r = Math.hypot(x - c, y - c) / size;
  const angle = Math.atan2(y - c, x - c);
  return { ring: r > 0.24 && r < 0.34 && !(angle > -1.9 && angle < -1.2), dot: r < 0.09 };
}

/** The 192×192 full-colour icon. */
export function colorIcon(): Buffer {
  const size = 192;
  return png(size, (x, y) => {
    const { ring, dot } = mark(size, x, y);
    return ring || dot ? [255, 255, 255, 255] : [0x2f, 0x7d, 0x6d, 255];
  });
}

/** The 32×32 outline icon: white on transparent, as Teams requires. */
export function outlineIcon(): Buffer {
  const size = 32;
  return png(size, (x, y) => {
    const { ring, dot } = mark(size, x, y);
    return ring || dot ? [255, 255, 255, 255] : [0, 0, 0, 0];
  });
}
