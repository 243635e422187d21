import { render } from '../conversation/catalogue';
import type { Style } from '../conversation/style';
import { type ClockView, readClock } from './clock';

/** The card's clock line at `now` in a surface's style ("acknowledged in 1 min 40 s · open 7 min: correct is overdue"). */
export function clockLine(view: ClockView, now: number, style: Style): string | undefined {
  const parts = readClock(view, now);
  return parts.length > 0 ? render({ id: 'clockLine', params: { parts } }, style) : undefined;
}
