import { render } from '../../../conversation/catalogue';
import type { Style } from '../../../conversation/style';
import type { DigestView } from '../../../insights/digest';
import { type AdaptiveCard, card, cut, type Element, heading, quote } from './elements';

/** Lines of the digest's words shown above the chart: its title and the week in four lines. */
const LINES_ABOVE_CHART = 5;

/**
 * The weekly digest as an Adaptive Card: the week in four lines, the chart (the PNG as a data URI, with its alt
 * text), then the gesture that worked best, the slowest category and kudos.
 */
export function renderDigest(digest: DigestView, png: Uint8Array, style: Style): { text: string; card: AdaptiveCard } {
  const [title = 'Your week in recovery', ...lines] = render(digest.text, style).split('\n');
  const alt = render(digest.alt, style);
  const body: Element[] = [
    heading(cut(title, 200)),
    ...lines.slice(0, LINES_ABOVE_CHART - 1).map((l) => quote(l)),
    {
      type: 'Image',
      url: `data:image/png;base64,${Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64')}`,
      altText: cut(alt),
      size: 'Stretch',
    },
    ...lines.slice(LINES_ABOVE_CHART - 1).map((l) => quote(l)),
  ];
  return { text: cut(title, 200), card: card(body) };
}
