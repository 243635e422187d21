import { Resvg } from '@resvg/resvg-js';

/** An SVG drawn as a PNG on the server (resvg: prebuilt for Linux, macOS and Windows; no browser). */
export function svgToPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
