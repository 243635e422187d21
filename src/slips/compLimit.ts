import { AppError } from '../errors';
import type { Playbook, Role } from '../playbook/schema';

/**
 * Refuses a comp over the person's role limit (FORBIDDEN), naming the most junior role that may approve it, so the
 * refusal tells them whom to ask.
 */
export function checkCompLimit(playbook: Playbook, role: Role, cost: number): void {
  if (cost <= role.compLimit) return;
  const senior = [...playbook.roles].sort((a, b) => a.compLimit - b.compLimit).find((r) => r.compLimit >= cost);
  throw new AppError(
    'FORBIDDEN',
    `That's over your ${playbook.venue.currency} ${role.compLimit} comp limit as ${role.name}. ` +
      `Ask ${senior ? `a ${senior.name}` : 'a manager'} to approve and record it.`,
  );
}
