import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: 'send' | 'reply' | 'update' | 'create' | 'member';
  conversationId: string;
  activityId?: string;
  body: Record<string, unknown>;
  at: number;
}

/**
 * A fake Bot Framework connector (the Teams service the bot calls back) on loopback. The real botbuilder
 * ConnectorClient talks to it through the activities' serviceUrl, so replies, updates, proactive messages and
 * 1:1 chat creation are real HTTP, recorded for the tests to read.
 */
export class FakeTeamsConnector {
  readonly calls: ConnectorCall[] = [];
  /** Teams ids ("29:…") that are owners of every team. */
  readonly owners = new Set<string>();
  /** Entra ids by Teams id, as the roster returns them. */
  readonly aadIds = new Map<string, string>();
  private server: Server | undefined;
  private next = 0;
  private readonly failures: Array<{
    method: ConnectorCall['method'];
    status: number;
    headers?: Record<string, string>;
  }> = [];
  private readonly rules: Array<
    (call: Omit<ConnectorCall, 'at'>) => { status: number; headers?: Record<string, string> } | undefined
  > = [];
  /** Calls carried out but not yet answered (holdWhen), each with its answer. */
  private readonly held: Array<() => void> = [];
  private holdRule: ((call: Omit<ConnectorCall, 'at'>) => boolean) | undefined;
  port = 0;

  get serviceUrl(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body, headers }) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  reset(): void {
    this.calls.length = 0;
    this.failures.length = 0;
    this.rules.length = 0;
  }

  /** The next call of this kind fails with `status` (429, 500, 403…). */
  fail(method: ConnectorCall['method'], status: number, headers?: Record<string, string>): void {
    this.failures.push({ method, status, headers });
  }

  /**
   * Calls the rule picks fail (nothing is recorded or posted) with its status, until it returns undefined: for
   * failures that depend on the call (a reply into a thread) rather than on its order.
   */
  failWhen(
    rule: (call: Omit<ConnectorCall, 'at'>) => { status: number; headers?: Record<string, string> } | undefined,
  ): void {
    this.rules.push(rule);
  }

  /**
   * Carry out calls matching a predicate (a post is kept) but hold back the answer until `releaseHeld()`: the bot
   * waits on Teams while the test changes the world (stops Redis).
   */
  holdWhen(rule: (call: Omit<ConnectorCall, 'at'>) => boolean): void {
    this.holdRule = rule;
  }

  heldCount(): number {
    return this.held.length;
  }

  /** Stops holding and answers every held call. */
  releaseHeld(): void {
    this.holdRule = undefined;
    for (const answer of this.held.splice(0)) answer();
  }

  /** Messages sent (new posts and replies), optionally only those into one conversation. */
  sent(conversationPrefix?: string): ConnectorCall[] {
    return this.calls.filter(
      (c) =>
        (c.method === 'send' || c.method === 'reply') &&
        (!conversationPrefix || c.conversationId.startsWith(conversationPrefix)),
    );
  }

  async waitFor(method: ConnectorCall['method'], count = 1, timeoutMs = 5000): Promise<ConnectorCall[]> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = this.calls.filter((c) => c.method === method);
      if (found.length >= count) return found;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(
      `expected ${count} ${method} call(s), saw: ${this.calls.map((c) => c.method).join(', ') || 'none'}`,
    );
  }

  /** Waits for `count` messages (sends or replies) in total, or into the conversations `conversationPrefix` names. */
  async waitForSent(count = 1, timeoutMs = 5000, conversationPrefix?: string): Promise<ConnectorCall[]> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = this.sent(conversationPrefix);
      if (found.length >= count) return found;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`expected ${count} message(s), saw ${this.sent(conversationPrefix).length}`);
  }

  /** A queued failure for this kind of call, else the first rule's. */
  private failureFor(
    call: Omit<ConnectorCall, 'at'>,
  ): { status: number; headers?: Record<string, string> } | undefined {
    const queued = this.failures.findIndex((f) => f.method === call.method);
    if (queued >= 0) return this.failures.splice(queued, 1)[0];
    for (const rule of this.rules) {
      const failure = rule(call);
      if (failure) return failure;
    }
    return undefined;
  }

  private async handle(
    req: IncomingMessage,
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const raw = await new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (chunk: Buffer) => {
        data += chunk.toString();
      });
      req.on('end', () => resolve(data));
    });
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const parts = (req.url ?? '').split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent);
    // v3/conversations[/{id}[/activities[/{activityId}] | /members/{userId}]]
    const [, , conversationId = '', what, id] = parts;
    let method: ConnectorCall['method'];
    if (parts.length === 2 && req.method === 'POST') method = 'create';
    else if (what === 'members' && req.method === 'GET') method = 'member';
    else if (what === 'activities' && req.method === 'PUT') method = 'update';
    else if (what === 'activities' && req.method === 'POST') method = id ? 'reply' : 'send';
    else return { status: 404, body: { error: { code: 'NotFound', message: `no route ${req.method} ${req.url}` } } };
    const failure = this.failureFor({ method, conversationId, activityId: id, body });
    if (failure)
      return {
        status: failure.status,
        body: { error: { code: 'Failure', message: 'fake failure' } },
        headers: failure.headers,
      };
    this.calls.push({ method, conversationId, activityId: id, body, at: Date.now() });
    if (this.holdRule?.({ method, conversationId, activityId: id, body }))
      await new Promise<void>((answer) => this.held.push(answer));
    switch (method) {
      case 'create': {
        const member = ((body.members as Array<{ id: string }> | undefined) ?? [])[0]?.id ?? 'unknown';
        return { status: 200, body: { id: `a:personal-${member}`, activityId: `act-${++this.next}` } };
      }
      case 'member':
        return {
          status: 200,
          body: {
            id,
            name: 'Member',
            aadObjectId: this.aadIds.get(id ?? ''),
            userRole: this.owners.has(id ?? '') ? 'owner' : 'user',
          },
        };
      default:
        return { status: 200, body: { id: method === 'update' ? id : `act-${++this.next}` } };
    }
  }
}
