import type { FeatureStores } from '../../capture/stores';
import type { CompApprovals } from '../../comps/approvals';
import type { HandoffService } from '../../handoff/service';
import type { InFlight } from '../../infra/inFlight';
import type { Logger } from '../../log';
import type { PlaybookEditor } from '../../playbook/editor';
import type { Permissions } from '../../playbook/permissions';
import type { PlaybookStore } from '../../playbook/store';
import type { ChannelStore } from '../../slips/channels';
import type { SlipService } from '../../slips/service';
import type { SlipStore } from '../../slips/store';
import type { TailoringService } from '../../slips/tailoring';
import type { TeamsConnector } from './connector';
import type { TeamsMessenger } from './messenger';
import type { TeamsReferenceStore } from './references';

/** Everything the Teams turn logic uses: the core's use cases and stores, the connector and the references. */
export interface TeamsDeps {
  service: SlipService;
  slips: SlipStore;
  playbooks: PlaybookStore;
  channels: ChannelStore;
  permissions: Permissions;
  /** Playbook edits (managers), shared with Slack's editor. */
  editor: PlaybookEditor;
  handoffs: HandoffService;
  once: {
    first(scope: string, id: string, ttlSeconds: number): Promise<boolean>;
    forget(scope: string, id: string): Promise<void>;
  };
  refs: TeamsReferenceStore;
  connector: TeamsConnector;
  /** People's 1:1 chats (approval requests and answers); the platform builds it over the connector. */
  messenger?: Pick<TeamsMessenger, 'sendToPerson' | 'updateForPerson'>;
  log: Logger;
  clock: () => number;
  /** The model's tailoring of cards (OPENAI_API_KEY): the rules card first, then replaced in place. */
  tailoring?: TailoringService;
  /** Counts work that outlives a request (listeners after the ack, tailoring), so shutdown can wait for it. */
  inFlight?: InFlight;
  /** Capture, comp and privacy stores (see featureStores). */
  features?: FeatureStores;
  /** Comps approved in chat (the core's, built once). */
  approvals?: CompApprovals;
}
