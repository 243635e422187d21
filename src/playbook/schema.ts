import { z } from 'zod';
import { parseTiming } from '../followups/timing';

/** Severity levels in increasing order; comparisons use the index. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

export const VENUE_TYPES = ['restaurant', 'hotel', 'retail', 'mixed'] as const;
export const VenueTypeSchema = z.enum(VENUE_TYPES);
export type VenueType = z.infer<typeof VenueTypeSchema>;

/** Permission levels; every playbook role maps to one of them. */
export const PERMISSIONS = ['staff', 'lead', 'manager'] as const;
export type Permission = (typeof PERMISSIONS)[number];

const id = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, 'use 2-40 lowercase letters, digits or _ and start with a letter');
const line = z.string().trim().min(1, 'must not be empty').max(300, 'keep it under 300 characters');
const phrase = z.string().trim().min(1, 'must not be empty').max(80, 'keep phrases under 80 characters');
const isValidZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const GestureSchema = z.object({
  label: z.string().trim().min(1).max(80),
  /** Empowerment tier needed to give it without asking (0 anyone … 3 manager). */
  tier: z.number().int().min(0).max(3),
  /** Typical cost in the venue's currency, used against a role's comp limit. */
  cost: z.number().min(0).max(100_000).default(0),
});
export type Gesture = z.infer<typeof GestureSchema>;

export const SeverityRuleSchema = z.object({
  /** Any of these phrases (same syntax as triggers) raises the slip to `level`. */
  when: z.array(phrase).min(1),
  level: SeveritySchema,
});
export type SeverityRule = z.infer<typeof SeverityRuleSchema>;

const timing = z
  .string()
  .trim()
  .refine((value) => parseTiming(value).ok, {
    message: 'use e.g. "15m after fix", "1h after report", "next day 11:00", "before checkout", "at 17:00" or "none"',
  });

/**
 * The recovery clock's targets, in minutes from the report (fractions allowed: 0.5 is 30 s): acknowledged within
 * `acknowledge`, corrected (or an apology and a plan) within `correct`, the manager on duty told at `manager` if the
 * slip is still not corrected. Each field is optional where it overrides (a category, a severity).
 */
const minutes = z
  .number()
  .positive('must be more than 0 minutes')
  .max(24 * 60, 'keep it within a day (1440 minutes)');
export const TargetsSchema = z
  .object({ acknowledge: minutes.optional(), correct: minutes.optional(), manager: minutes.optional() })
  .strict();
export type TargetsInput = z.infer<typeof TargetsSchema>;
export const DEFAULT_TARGETS = { acknowledge: 2, correct: 6, manager: 10 } as const;
export const PlaybookTargetsSchema = z
  .object({
    acknowledge: minutes.default(DEFAULT_TARGETS.acknowledge),
    correct: minutes.default(DEFAULT_TARGETS.correct),
    manager: minutes.default(DEFAULT_TARGETS.manager),
    /** Tighter (or looser) targets for a severity: `high: { acknowledge: 1 }`. */
    bySeverity: z.partialRecord(SeveritySchema, TargetsSchema).default({}),
  })
  .strict();

export const DEFAULT_APPROVAL_ESCALATION_MINUTES = 5;
/** Where a comp approval request goes: each approver's DM (the default), or the slip's channel thread. */
export const APPROVAL_REQUESTS_IN = ['dm', 'channel'] as const;
export const ApprovalsSchema = z
  .object({
    escalateAfter: minutes.default(DEFAULT_APPROVAL_ESCALATION_MINUTES),
    requestsIn: z.enum(APPROVAL_REQUESTS_IN).default('dm'),
  })
  .strict();

export const CategorySchema = z.object({
  id,
  name: z.string().trim().min(1).max(40),
  description: line,
  /** Venue types this category applies to; all when absent. */
  venues: z.array(VenueTypeSchema).optional(),
  /** "manager": a manager-owned procedure (safety, lost property): never suggests a comp, always escalates. */
  owner: z.enum(['staff', 'manager']).default('staff'),
  /** Phrases that on their own mean this kind of slip. `*` stands for up to three words, `#` for a number. */
  triggers: z.array(phrase).default([]),
  /** What the slip is about (steak, room, waiter…): a subject next to a problem word counts as a trigger. */
  subjects: z.array(phrase).default([]),
  /** Problem words specific to this category (cold, dirty, rude…), paired with a subject in the same clause. */
  cues: z.array(phrase).default([]),
  /** Weak hints: count only alongside another sign that a guest is affected. */
  hints: z.array(phrase).default([]),
  /** Real-sounding messages that must land in this category (they double as tests). */
  examples: z.array(z.string().trim().min(1).max(500)).min(1, 'add at least one example message'),
  severity: z.object({
    default: SeveritySchema,
    rules: z.array(SeverityRuleSchema).default([]),
  }),
  acknowledge: z.array(line).min(1, 'add at least one acknowledge line'),
  correct: z.array(line).min(1, 'add at least one correct line'),
  connect: z.array(line).min(1, 'add at least one connect line'),
  gestures: z.array(GestureSchema).default([]),
  followUp: timing.default('15m after fix'),
  /** Checklist shown to the manager when this category escalates. */
  checklist: z.array(line).default([]),
  /** Only a slip when the message also shows a guest is affected ("we're out of oat milk" is stock talk). */
  requiresGuest: z.boolean().default(false),
  /** Used when a guest is clearly unhappy but no other category fits. At most one category. */
  fallback: z.boolean().default(false),
  /** Retired categories stay for history but no longer match new messages. */
  retired: z.boolean().default(false),
  /** Private (harassment, a medical detail, a colleague's conduct): its cards go by DM, never into the channel. */
  private: z.boolean().default(false),
  /** This category's recovery-clock targets, over the playbook's (and its severity's); see `targets` there. */
  targets: TargetsSchema.optional(),
});
export type Category = z.infer<typeof CategorySchema>;

export const RoleSchema = z.object({
  id,
  name: z.string().trim().min(1).max(40),
  permission: z.enum(PERMISSIONS),
  tier: z.number().int().min(0).max(3),
  /** Most this role may comp without asking, in the venue's currency. */
  compLimit: z.number().min(0).max(1_000_000),
});
export type Role = z.infer<typeof RoleSchema>;

export const VenueSchema = z.object({
  name: z.string().trim().min(1).max(80).default('Our venue'),
  type: VenueTypeSchema.default('restaurant'),
  timezone: z.string().refine(isValidZone, 'use an IANA time zone such as America/Chicago').default('UTC'),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'use a 3-letter currency code such as USD')
    .default('USD'),
  /** Usual checkout time, for "before checkout" follow-ups. */
  checkoutTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM, 24-hour')
    .default('11:00'),
});
export type Venue = z.infer<typeof VenueSchema>;

export const PlaybookSchema = z
  .object({
    schema: z.literal(1).default(1),
    venue: VenueSchema.prefault({}),
    /** Role everyone has until a manager grants another. */
    defaultRole: id.default('server'),
    roles: z.array(RoleSchema).min(1),
    /** Slips at or above this severity page a manager at once. */
    escalateAt: SeveritySchema.default('high'),
    /** A second slip for the same guest within this many hours is a repeat: raised and escalated. */
    repeatWindowHours: z
      .number()
      .min(1)
      .max(24 * 30)
      .default(12),
    /** Apply to every category: e.g. "ambulance" → critical. */
    severityRules: z.array(SeverityRuleSchema).default([]),
    /** Words that show a guest is unhappy whatever the category (annoyed, complained…). */
    upsetWords: z.array(phrase).default([]),
    /** Generic problem words (terrible, awful…) that pair with any category's subjects. */
    problemWords: z.array(phrase).default([]),
    categories: z.array(CategorySchema).min(1),
    /** What a watched channel sees of a private slip: a one-line notice in the thread, or nothing. */
    privateSlips: z.enum(['notice', 'silent']).default('notice'),
    /** The recovery clock: minutes to acknowledge, to correct, and until the manager on duty is told. */
    targets: PlaybookTargetsSchema.prefault({}),
    /**
     * Comps approved in chat: minutes an approval request may wait unanswered before the manager on duty is told,
     * and where requests go (approvers' DMs, or the slip's channel thread).
     */
    approvals: ApprovalsSchema.prefault({}),
  })
  .superRefine((playbook, ctx) => {
    const unique = (values: string[], path: string, what: string) => {
      const seen = new Set<string>();
      values.forEach((value, index) => {
        if (seen.has(value))
          ctx.addIssue({ code: 'custom', path: [path, index, 'id'], message: `duplicate ${what} id "${value}"` });
        seen.add(value);
      });
    };
    unique(
      playbook.categories.map((c) => c.id),
      'categories',
      'category',
    );
    unique(
      playbook.roles.map((r) => r.id),
      'roles',
      'role',
    );
    if (!playbook.roles.some((r) => r.id === playbook.defaultRole))
      ctx.addIssue({ code: 'custom', path: ['defaultRole'], message: `no role with id "${playbook.defaultRole}"` });
    if (!playbook.roles.some((r) => r.permission === 'manager'))
      ctx.addIssue({ code: 'custom', path: ['roles'], message: 'at least one role needs permission "manager"' });
    playbook.categories.forEach((category, index) => {
      if (category.triggers.length + category.subjects.length === 0)
        ctx.addIssue({
          code: 'custom',
          path: ['categories', index, 'triggers'],
          message: 'add at least one trigger phrase or subject so the category can be recognised',
        });
      if (category.owner === 'manager' && category.gestures.length > 0)
        ctx.addIssue({
          code: 'custom',
          path: ['categories', index, 'gestures'],
          message: 'manager-owned procedures never suggest a gesture: remove the gestures',
        });
    });
    for (const issue of targetOrderIssues(playbook)) ctx.addIssue({ code: 'custom', ...issue });
    if (playbook.categories.filter((c) => c.fallback).length > 1)
      ctx.addIssue({ code: 'custom', path: ['categories'], message: 'only one category can be the fallback' });
    if (playbook.categories.every((c) => c.retired))
      ctx.addIssue({ code: 'custom', path: ['categories'], message: 'keep at least one active category' });
  });

export type Playbook = z.infer<typeof PlaybookSchema>;
/** The playbook as written in YAML, before defaults are applied. */
export type PlaybookInput = z.input<typeof PlaybookSchema>;

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

export function raiseSeverity(severity: Severity, steps = 1): Severity {
  return SEVERITIES[Math.min(SEVERITIES.length - 1, severityRank(severity) + steps)]!;
}

/** Categories that still match new messages, for the playbook's venue type. */
export function activeCategories(playbook: Playbook): Category[] {
  const type = playbook.venue.type;
  return playbook.categories.filter(
    (c) => !c.retired && (!c.venues || type === 'mixed' || c.venues.includes(type) || c.venues.includes('mixed')),
  );
}

export function findRole(playbook: Playbook, roleId: string | undefined): Role {
  return (
    playbook.roles.find((r) => r.id === roleId) ??
    playbook.roles.find((r) => r.id === playbook.defaultRole) ??
    playbook.roles[0]!
  );
}

/**
 * The active category a person named by id or name ("billing", "Wrong order", "wrong"), case- and accent-blind;
 * undefined when none or more than one fits.
 */
export function categoryNamed(playbook: Playbook, typed: string): Category | undefined {
  const fold = (t: string) =>
    t
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[\s_-]+/g, ' ')
      .trim();
  const wanted = fold(typed);
  if (!wanted) return undefined;
  const active = activeCategories(playbook);
  const exact = active.find((c) => fold(c.id) === wanted || fold(c.name) === wanted);
  if (exact) return exact;
  const starts = active.filter((c) => fold(c.name).startsWith(wanted) || fold(c.id).startsWith(wanted));
  return starts.length === 1 ? starts[0] : undefined;
}

/** The clock's targets in minutes for a category and severity: defaults, the playbook's, its severity's, the category's. */
export function targetsFor(
  playbook: Pick<Playbook, 'targets' | 'categories'>,
  categoryId: string,
  severity: Severity,
): { acknowledge: number; correct: number; manager: number } {
  const { bySeverity, ...base } = playbook.targets ?? { ...DEFAULT_TARGETS, bySeverity: {} };
  const category = playbook.categories.find((c) => c.id === categoryId);
  return { ...DEFAULT_TARGETS, ...base, ...bySeverity?.[severity], ...category?.targets };
}

/** Targets that would ask for a step after the next one's deadline (acknowledge ≤ correct ≤ manager), with where. */
function targetOrderIssues(playbook: Pick<Playbook, 'targets' | 'categories'>) {
  const issues: Array<{ path: Array<string | number>; message: string }> = [];
  const check = (
    t: { acknowledge: number; correct: number; manager: number },
    path: Array<string | number>,
    of: string,
  ) => {
    if (t.acknowledge > t.correct)
      issues.push({
        path,
        message: `acknowledge (${t.acknowledge} min) must not come after correct (${t.correct} min)${of}`,
      });
    else if (t.correct > t.manager)
      issues.push({ path, message: `correct (${t.correct} min) must not come after manager (${t.manager} min)${of}` });
  };
  const bySeverity = playbook.targets?.bySeverity ?? {};
  // the playbook's own targets, then each severity that overrides them
  check(
    targetsFor({ ...playbook, targets: { ...playbook.targets, bySeverity: {} }, categories: [] }, '', 'low'),
    ['targets'],
    '',
  );
  for (const severity of SEVERITIES)
    if (bySeverity[severity])
      check(
        targetsFor({ ...playbook, categories: [] }, '', severity),
        ['targets', 'bySeverity', severity],
        ` for ${severity} slips`,
      );
  playbook.categories.forEach((category, index) => {
    if (!category.targets) return;
    for (const severity of SEVERITIES)
      check(
        targetsFor(playbook, category.id, severity),
        ['categories', index, 'targets'],
        ` in ${category.name}${bySeverity[severity] ? ` for ${severity} slips` : ''}`,
      );
  });
  // one line per place is enough to fix it
  return issues.filter((issue, i) => issues.findIndex((x) => x.path.join('.') === issue.path.join('.')) === i);
}
