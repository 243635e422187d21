import type { Detection } from '../coach/detector';
import { AppError } from '../errors';
import type { Playbook } from '../playbook/schema';
import type { Slip } from './slip';

/** How a report is made beyond the message itself: forced (by /recover), and what a form said. */
export interface ReportOptions {
  force?: boolean;
  categoryId?: string;
  severity?: Slip['severity'];
  /** As the staff member typed it in a form ("T12", "the Hendersons"). */
  guestRef?: string;
  /** A person ticked "private" (a category the playbook marks private is private anyway). */
  private?: boolean;
}

/** For forced reports: the detector's best category, the caller's override, or the fallback. */
export function forced(detection: Detection, playbook: Playbook, options: ReportOptions): Detection {
  const active = playbook.categories.filter((c) => !c.retired);
  const override = options.categoryId ? active.find((c) => c.id === options.categoryId) : undefined;
  if (options.categoryId && !override) throw new AppError('BAD_INPUT', `There is no category "${options.categoryId}".`);
  if (detection.isSlip && !override && !options.severity) return detection;
  const categoryId =
    override?.id ??
    (detection.isSlip ? detection.categoryId : undefined) ??
    // the model always has a best guess; only a fairly likely one beats the catch-all
    detection.candidates.find((c) => c.score >= 0.5)?.categoryId ??
    active.find((c) => c.fallback)?.id ??
    active[0]!.id;
  const category = active.find((c) => c.id === categoryId)!;
  return {
    ...detection,
    isSlip: true,
    categoryId,
    severity:
      options.severity ?? (categoryId === detection.categoryId ? detection.severity : category.severity.default),
  };
}
