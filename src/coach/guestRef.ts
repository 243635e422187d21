/**
 * Guest references as staff write them: "T12", "table 12", "rm 405", "guest in 1204", "bar seat 3", "the Hendersons",
 * "Mrs Lee", "party of 6". `text` is kept as written (for the card); `key` is normalised so "T12" and "table 12"
 * are recognised as the same guest for repeat detection.
 */
export interface GuestRef {
  text: string;
  key: string;
  kind: 'table' | 'room' | 'seat' | 'name' | 'party';
}

interface Rule {
  kind: GuestRef['kind'];
  pattern: RegExp;
  key: (match: RegExpExecArray) => string;
}

const NOT_A_TABLE_AFTER =
  /^\s*(?:am|pm|a\.m|p\.m|:|min|mins|minutes|h\b|hr|hrs|hours?|people|guests|covers|pax|%|x\b|th\b|st\b|nd\b|rd\b|ppl|percent|tops?\b)/i;

const RULES: Rule[] = [
  {
    kind: 'room',
    pattern:
      /\b(?:rm|room|rooms|suite|ste|villa|cabin|cabana|apt|unit|habitaci[oó]n|hab|cuarto)\.?\s?#?\s?(\d{1,5}[a-z]?)\b/giu,
    key: (m) => `room:${m[1]!.toLowerCase()}`,
  },
  {
    kind: 'table',
    pattern: /\b(?:t|tbl|tb|table|tab|mesa)\s?#?\s?(\d{1,3}[a-z]?)\b/gi,
    key: (m) => `table:${m[1]!.toLowerCase()}`,
  },
  {
    kind: 'seat',
    pattern: /\b((?:bar|counter|patio|terrace|booth|high-?top)(?:\s?seat)?|seat)\s?#?\s?(\d{1,3})\b/gi,
    key: (m) => `${m[1]!.toLowerCase().replace(/\s+/g, '-')}:${m[2]}`,
  },
  {
    kind: 'room',
    pattern: /\broom service\s(?:to|for|in)\s(\d{3,5}[a-z]?)\b/gi,
    key: (m) => `room:${m[1]!.toLowerCase()}`,
  },
  {
    kind: 'room',
    // "guest in 1204", "couple in 208": a 3-5 digit number after "in" right behind a guest word
    pattern:
      /\b(?:guests?|couple|family|lady|man|woman|gentleman|gent|party|customer|people|kids?|vip|checkout|check-in)\s(?:staying\s)?in\s(\d{3,5}[a-z]?)\b/gi,
    key: (m) => `room:${m[1]!.toLowerCase()}`,
  },
  {
    kind: 'room',
    // "the minibar fridge in 418", "AC in 1520": a 3-5 digit number after "in" right behind a thing a room has
    pattern:
      /\b(?:a\/?c|air ?con|aircon|heater|heating|radiator|tv|telly|fridge|minibar|mini-bar|shower|toilet|loo|bath|bathtub|bathroom|sink|taps?|bed|beds|lamp|lights?|safe|kettle|coffee (?:maker|machine)|iron|hair ?dryer|window|door|lock|key ?card|carpet|curtains|blinds|wi-?fi|phone|balcony|ceiling|drain)\s(?:in|at|for)\s(\d{3,5}[a-z]?)\b/gi,
    key: (m) => `room:${m[1]!.toLowerCase()}`,
  },
  {
    kind: 'table',
    // "guest on 14", "party on 30", "the couple at 7"
    pattern:
      /\b(?:guests?|couple|family|lady|ladies|man|men|woman|women|gentleman|gent|party|customer|people|kids?|vip|two-top|four-top|top)\s(?:on|at|in)\s(?:table\s)?(\d{1,3}[a-z]?)\b/gi,
    key: (m) => `table:${m[1]!.toLowerCase()}`,
  },
  {
    kind: 'table',
    // shorthand "… on 22" at the end of a clause: "missing side of fries on 22"
    pattern: /\bon\s(\d{1,3})\b(?=\s*(?:[,.;!?]|$|\s(?:is|are|was|were|said|says|wants?|got|has|had|asked|just)\b))/gi,
    key: (m) => `table:${m[1]!.toLowerCase()}`,
  },
  {
    kind: 'name',
    // "the Hendersons", "the Garcias'" — a capitalised family name in the plural
    pattern: /\b[Tt]he\s([A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?(?:s|es))(?:'|’)?(?=\W|$)/g,
    key: (m) => `name:${m[1]!.toLowerCase().replace(/e?s$/, '')}`,
  },
  {
    kind: 'name',
    pattern: /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Mister)\.?\s([A-Z][a-zA-Z'-]+)/g,
    key: (m) => `name:${m[1]!.toLowerCase()}`,
  },
  {
    kind: 'name',
    // "the Smith party", "Lee family", "Patel booking"
    pattern: /\b([A-Z][a-z]{2,})\s(?:party|family|booking|reservation|group|wedding)\b/g,
    key: (m) => `name:${m[1]!.toLowerCase()}`,
  },
  {
    kind: 'party',
    pattern: /\bparty\sof\s(\d{1,2}|[a-z]+)\b/gi,
    key: (m) => `party:${m[1]!.toLowerCase()}`,
  },
];

/** Capitalised words that look like family names in "the Xs" but are not guests. */
const NOT_NAMES = new Set(
  (
    'Days Dishes Drinks Glasses Mains Apps Sides Specials Desserts Starters Guests Servers Tables Rooms Kids Chefs ' +
    'Staff Orders Bills Checks Plates Menus Fries Burgers Steaks Wines Beers Cocktails Others Seats Booths Windows ' +
    'Doors Stairs Lights Towels Sheets Pillows Keys Bags Prices Portions Sauces Reservations Bookings Regulars Locals ' +
    'Weekends Nights Mornings Evenings Hours Minutes Shifts Managers Hosts Runners Bussers Cooks Waiters Waitresses'
  ).split(' '),
);

/** The guest reference in the text, preferring the most specific kind (room, table, seat, name, party), then the first. */
export function findGuestRef(text: string): GuestRef | undefined {
  let best: { ref: GuestRef; index: number; rank: number } | undefined;
  for (const rule of RULES) {
    const match = firstPlausible(rule, text);
    if (!match) continue;
    const rank = rankOf(rule.kind);
    if (best && (rank > best.rank || (rank === best.rank && match.index >= best.index))) continue;
    best = {
      ref: { text: match[0].trim().replace(/['’]$/, ''), key: rule.key(match), kind: rule.kind },
      index: match.index,
      rank,
    };
  }
  return best?.ref;
}

function firstPlausible(rule: Rule, text: string): RegExpExecArray | undefined {
  rule.pattern.lastIndex = 0;
  for (let m = rule.pattern.exec(text); m !== null; m = rule.pattern.exec(text)) {
    if (isPlausible(rule, m, text)) return m;
  }
  return undefined;
}

function rankOf(kind: GuestRef['kind']): number {
  return ['room', 'table', 'seat', 'name', 'party'].indexOf(kind);
}

function isPlausible(rule: Rule, m: RegExpExecArray, text: string): boolean {
  const after = text.slice(m.index + m[0].length);
  if (rule.kind === 'table' || rule.kind === 'seat') {
    if (NOT_A_TABLE_AFTER.test(after)) return false;
    // "T" alone must touch its number (T12), never "t 12" inside a word run like "at 12"
    if (/^t\s/i.test(m[0])) return false;
  }
  if (rule.kind === 'room' && /^\s*(?:am|pm|:|min|mins|minutes)/i.test(after)) return false;
  if (rule.kind === 'name') {
    const name = m[1]!;
    if (NOT_NAMES.has(name)) return false;
  }
  return true;
}
