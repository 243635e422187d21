type ResvgModule = typeof import('@resvg/resvg-js');

let resvg: ResvgModule | undefined;

/**
 * An SVG drawn as a PNG on the server (resvg: prebuilt for Linux, macOS and Windows; no browser). The native module
 * is loaded on the first chart, in the worker that builds a digest: the web role, which imports the worker's code
 * but never draws, does not carry it in memory.
 */
export function svgToPng(svg: string): Buffer {
  resvg ??= require('@resvg/resvg-js') as ResvgModule;
  const image = new resvg.Resvg(svg, {
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return image.render().asPng();
}
