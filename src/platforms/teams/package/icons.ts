import { PNG } from 'pngjs';

/**
 * The Teams app icons, drawn from code so the repository carries no binaries; pngjs encodes them (8-bit RGBA).
 * Pixels come from `paint(x, y)` as [r, g, b, a].
 */
function png(size: number, paint: (x: number, y: number) => [number, number, number, number]): Buffer {
  const image = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) image.data.set(paint(x, y), (y * size + x) * 4);
  return PNG.sync.write(image);
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
