import type { MessageRef, Messenger, Outbound } from '../../views/outbound';
import { renderOutboundText } from './render';

/**
 * The shell chat's messenger: reminders, escalations and notices are printed into the conversation (a direct
 * message shows who it is for). It cannot look back at what it printed, so deliveries are at-least-once here.
 */
export class ShellMessenger implements Messenger {
  private sequence = 0;

  constructor(
    private readonly print: (text: string) => void,
    private readonly clock: () => number = Date.now,
  ) {}

  async sendDirect(_tenant: string, user: string, message: Outbound): Promise<MessageRef> {
    this.print(`(to ${user}) ${renderOutboundText(message, this.clock())}`);
    return { channel: `dm-${user}`, ts: String(++this.sequence) };
  }

  async post(_tenant: string, channel: string, message: Outbound): Promise<MessageRef> {
    this.print(renderOutboundText(message, this.clock()));
    return { channel, ts: String(++this.sequence) };
  }

  async update(): Promise<void> {
    // printed lines cannot change; the next card shows the new state
  }
}
