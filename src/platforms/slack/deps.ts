import type { KnownBlock } from '@slack/types';
import type { FeatureStores } from '../../capture/stores';
import type { CompApprovals } from '../../comps/approvals';
import type { HandoffService } from '../../handoff/service';
import type { InFlight } from '../../infra/inFlight';
import type { Logger } from '../../log';
import type { Permissions } from '../../playbook/permissions';
import type { PlaybookStore } from '../../playbook/store';
import type { ChannelStore } from '../../slips/channels';
import type { SlipService } from '../../slips/service';
import type { SlipStore } from '../../slips/store';
import type { TailoringService } from '../../slips/tailoring';

/** A `/recover …` waiting in an ephemeral preview for "Post to channel" or "Log it". */
export interface RecoverDraft {
  text: string;
  channel: string;
  user: string;
}

/** Everything the Slack listeners use: the core's use cases and stores, nothing Slack-specific. */
export interface SlackDeps {
  service: SlipService;
  slips: SlipStore;
  playbooks: PlaybookStore;
  channels: ChannelStore;
  permissions: Permissions;
  /** Event de-duplication (Slack retries): true the first time an id is seen. */
  once: {
    first(scope: string, id: string, ttlSeconds: number): Promise<boolean>;
    forget(scope: string, id: string): Promise<void>;
  };
  drafts: {
    put(tenant: string, value: RecoverDraft): Promise<string>;
    take(tenant: string, id: string): Promise<RecoverDraft | undefined>;
  };
  log: Logger;
  clock: () => number;
  /** The model's tailoring of cards (OPENAI_API_KEY): the rules card first, then replaced in place. */
  tailoring?: TailoringService;
  /** Counts work that outlives a request (listeners after the ack, tailoring), so shutdown can wait for it. */
  inFlight?: InFlight;
  handoffs: HandoffService;
  /** Extra App Home sections for managers (shift times, the playbook editor). */
  home?: HomeExtension;
  /** Seals modal contexts (derived by the Slack platform from its secret; see modalSeal.ts). */
  modalKey: string;
  /** Capture, comp and privacy stores (see featureStores). */
  features?: FeatureStores;
  /** Comps approved in chat (the core's, built once). */
  approvals?: CompApprovals;
}

/** Extra manager sections other features add to App Home. */
export type HomeExtension = (tenant: string, user: string) => Promise<KnownBlock[]>;

/** Our tenant id for a Slack workspace (or an Enterprise Grid org for org-wide installs). */
export function slackTenant(teamId: string | undefined | null, enterpriseId?: string | null): string {
  const id = teamId || enterpriseId;
  if (!id) throw new Error('Slack request without a team or enterprise id');
  return `slack-${id}`;
}

/** The Slack team id back from a tenant id, or undefined for other platforms. */
export function teamOfTenant(tenant: string): string | undefined {
  return tenant.startsWith('slack-') ? tenant.slice('slack-'.length) : undefined;
}
