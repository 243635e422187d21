/** A manager's read-only copy of a private slip's card: whose it is and the message that holds it. */
export interface PrivateCopy {
  user: string;
  /** The DM (Slack) or 1:1 chat (Teams) it was sent in. */
  channel: string;
  /** The message's id there (Slack ts, Teams activity id). */
  ts: string;
}

/** Where each private slip's managers' copies were posted, so they can be redrawn as the slip moves on. */
export interface PrivateCopies {
  /** Remembers a copy (one per person: a later one replaces theirs). */
  add(tenant: string, slipId: string, copy: PrivateCopy): Promise<void>;
  list(tenant: string, slipId: string): Promise<PrivateCopy[]>;
}
