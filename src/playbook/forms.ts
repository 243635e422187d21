import { type Category, type Playbook, type Role, SEVERITIES, type Severity, VENUE_TYPES } from './schema';

/**
 * Playbook editing forms as plain text fields (one item per line), shared by every platform's editor. Parsing never
 * throws: problems come back per field, with the line they are on.
 */
export interface CategoryForm {
  name: string;
  description: string;
  triggers: string;
  subjects: string;
  examples: string;
  acknowledge: string;
  correct: string;
  connect: string;
  /** "label | tier | cost" per line. */
  gestures: string;
  followUp: string;
  severityDefault: string;
  /** "level: phrase, phrase" per line. */
  severityRules: string;
}

export interface SettingsForm {
  venueName: string;
  venueType: string;
  timezone: string;
  currency: string;
  checkoutTime: string;
  escalateAt: string;
  repeatWindowHours: string;
  /** "id | name | permission | tier | comp limit" per line. */
  roles: string;
}

export type FieldErrors<F> = Partial<Record<keyof F | 'form', string>>;

/** How a category form field is asked for, on any platform: in this order, with these words. */
export interface FormField<F> {
  field: keyof F & string;
  label: string;
  multiline?: boolean;
  optional?: boolean;
  hint?: string;
  /** A choice among these values rather than text. */
  choices?: readonly string[];
}

export const CATEGORY_FORM_FIELDS: Array<FormField<CategoryForm>> = [
  { field: 'name', label: 'Name' },
  { field: 'description', label: 'Description' },
  {
    field: 'triggers',
    label: 'Trigger phrases (one per line)',
    multiline: true,
    optional: true,
    hint: '* stands for up to three words, ... for up to eight, # for a number.',
  },
  {
    field: 'subjects',
    label: 'What it is about (one per line)',
    multiline: true,
    optional: true,
    hint: 'steak, room, waiter…: paired with problem words in the same clause',
  },
  { field: 'examples', label: 'Example messages (one per line)', multiline: true },
  { field: 'acknowledge', label: 'Acknowledge: what to say (one per line)', multiline: true },
  { field: 'correct', label: 'Correct: how to fix it (one per line)', multiline: true },
  { field: 'connect', label: 'Connect: the human touch (one per line)', multiline: true },
  { field: 'gestures', label: 'Gestures: label | tier 0-3 | cost', multiline: true, optional: true },
  {
    field: 'followUp',
    label: 'Follow-up timing',
    hint: '15m after fix, 1h after report, next day 11:00, before checkout, at 17:30, none',
  },
  { field: 'severityDefault', label: 'Severity', choices: SEVERITIES },
  { field: 'severityRules', label: 'Severity rules: level: phrase, phrase', multiline: true, optional: true },
];

export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

export const SETTINGS_FORM_FIELDS: Array<FormField<SettingsForm>> = [
  { field: 'roles', label: 'Roles: id | name | staff, lead or manager | tier | comp limit', multiline: true },
  { field: 'venueName', label: 'Venue name' },
  { field: 'venueType', label: 'Venue type', choices: VENUE_TYPES },
  { field: 'timezone', label: 'Time zone', hint: 'IANA zone, e.g. America/Chicago' },
  { field: 'currency', label: 'Currency' },
  { field: 'checkoutTime', label: 'Usual checkout time' },
  { field: 'escalateAt', label: 'Page a manager at severity', choices: SEVERITIES },
  { field: 'repeatWindowHours', label: 'Repeat guest window (hours)' },
];

/** The longest text a form box takes on any platform (Slack's limit): a longer field is never cut to fit. */
export const MAX_FORM_FIELD = 3000;

/** The first field too long for a form box, if any: such a category is edited as YAML instead. */
export function oversizedField(form: object): string | undefined {
  return Object.entries(form).find(([, value]) => typeof value === 'string' && value.length > MAX_FORM_FIELD)?.[0];
}

/** A new category's form: empty, with the usual follow-up and severity. */
export function emptyCategoryForm(): CategoryForm {
  return {
    name: '',
    description: '',
    triggers: '',
    subjects: '',
    examples: '',
    acknowledge: '',
    correct: '',
    connect: '',
    gestures: '',
    followUp: '15m after fix',
    severityDefault: 'medium',
    severityRules: '',
  };
}

export function categoryToForm(category: Category): CategoryForm {
  return {
    name: category.name,
    description: category.description,
    triggers: category.triggers.join('\n'),
    subjects: category.subjects.join('\n'),
    examples: category.examples.join('\n'),
    acknowledge: category.acknowledge.join('\n'),
    correct: category.correct.join('\n'),
    connect: category.connect.join('\n'),
    gestures: category.gestures.map((g) => `${g.label} | ${g.tier} | ${g.cost}`).join('\n'),
    followUp: category.followUp,
    severityDefault: category.severity.default,
    severityRules: category.severity.rules.map((r) => `${r.level}: ${r.when.join(', ')}`).join('\n'),
  };
}

/** The category the form describes (unvalidated: the schema checks it), or field errors for lines it can't read. */
export function formToCategory(
  form: CategoryForm,
  base: Partial<Category> & { id: string },
): { ok: true; category: Record<string, unknown> } | { ok: false; errors: FieldErrors<CategoryForm> } {
  const errors: FieldErrors<CategoryForm> = {};
  const gestures = lines(form.gestures).map((line, i) => {
    const [label = '', tier = '', cost = '0'] = line.split('|').map((p) => p.trim());
    if (!label || !/^[0-3]$/.test(tier) || !/^\d+(\.\d+)?$/.test(cost || '0'))
      errors.gestures ??= `line ${i + 1}: write "label | tier 0-3 | cost", e.g. "Dessert on us | 1 | 8"`;
    return { label, tier: Number(tier), cost: Number(cost || 0) };
  });
  const rules = lines(form.severityRules).map((line, i) => {
    const match = line.match(/^(low|medium|high|critical)\s*:\s*(.+)$/i);
    if (!match) errors.severityRules ??= `line ${i + 1}: write "level: phrase, phrase", e.g. "high: vip, second time"`;
    return {
      level: (match?.[1]?.toLowerCase() ?? 'medium') as Severity,
      when: (match?.[2] ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    };
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    category: {
      ...base,
      name: form.name.trim(),
      description: form.description.trim(),
      triggers: lines(form.triggers),
      subjects: lines(form.subjects),
      examples: lines(form.examples),
      acknowledge: lines(form.acknowledge),
      correct: lines(form.correct),
      connect: lines(form.connect),
      gestures,
      followUp: form.followUp.trim(),
      severity: { default: form.severityDefault.trim().toLowerCase(), rules },
    },
  };
}

export function settingsToForm(playbook: Playbook): SettingsForm {
  return {
    venueName: playbook.venue.name,
    venueType: playbook.venue.type,
    timezone: playbook.venue.timezone,
    currency: playbook.venue.currency,
    checkoutTime: playbook.venue.checkoutTime,
    escalateAt: playbook.escalateAt,
    repeatWindowHours: String(playbook.repeatWindowHours),
    roles: playbook.roles.map((r) => `${r.id} | ${r.name} | ${r.permission} | ${r.tier} | ${r.compLimit}`).join('\n'),
  };
}

/** The playbook with the settings form applied (unvalidated), or field errors for lines it can't read. */
export function applySettingsForm(
  playbook: Playbook,
  form: SettingsForm,
): { ok: true; playbook: Record<string, unknown> } | { ok: false; errors: FieldErrors<SettingsForm> } {
  const errors: FieldErrors<SettingsForm> = {};
  const roles = lines(form.roles).map((line, i): Partial<Role> => {
    const [id = '', name = '', permission = '', tier = '', compLimit = ''] = line.split('|').map((p) => p.trim());
    if (!id || !name || !permission || !/^\d$/.test(tier) || !/^\d+(\.\d+)?$/.test(compLimit))
      errors.roles ??= `line ${i + 1}: write "id | name | staff, lead or manager | tier 0-3 | comp limit"`;
    return { id, name, permission: permission as Role['permission'], tier: Number(tier), compLimit: Number(compLimit) };
  });
  const hours = Number(form.repeatWindowHours);
  if (!Number.isFinite(hours)) errors.repeatWindowHours = 'Give a number of hours.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    playbook: {
      ...playbook,
      venue: {
        ...playbook.venue,
        name: form.venueName.trim(),
        type: form.venueType.trim(),
        timezone: form.timezone.trim(),
        currency: form.currency.trim().toUpperCase(),
        checkoutTime: form.checkoutTime.trim(),
      },
      escalateAt: form.escalateAt.trim(),
      repeatWindowHours: hours,
      roles,
    },
  };
}
