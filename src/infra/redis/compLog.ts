import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ApprovalAnswer, ApprovalRequest, ApprovalStore } from '../../comps/approvals';
import type { CompEntry, CompLog } from '../../comps/compLog';
import { guarded, Keys } from './connection';

/** How long an approval request can be answered (and looked up). */
const REQUEST_TTL_SECONDS = 7 * 24 * 60 * 60;

/** The comp log: one sorted set per tenant, scored by time, each member an entry (with a unique id) as JSON. */
export class RedisCompLog implements CompLog {
  private readonly keys: Keys;

  constructor(
    private readonly redis: Redis,
    options: { prefix?: string } = {},
  ) {
    this.keys = new Keys(options.prefix);
  }

  async append(tenant: string, entry: CompEntry): Promise<void> {
    const member = JSON.stringify({ ...entry, uid: randomUUID() });
    await guarded('save comp log', () => this.redis.zadd(this.key(tenant), entry.at, member));
  }

  async list(tenant: string, since: number, until = Number.POSITIVE_INFINITY): Promise<CompEntry[]> {
    const max = Number.isFinite(until) ? String(until) : '+inf';
    const members = await guarded('read comp log', () => this.redis.zrangebyscore(this.key(tenant), since, max));
    return members.map((json) => {
      const { uid: _uid, ...entry } = JSON.parse(json) as CompEntry & { uid: string };
      return entry;
    });
  }

  async forSlip(tenant: string, slipId: string): Promise<CompEntry[]> {
    return (await this.list(tenant, 0)).filter((e) => e.slipId === slipId);
  }

  private key(tenant: string): string {
    return this.keys.tenant(tenant, 'comps');
  }
}

/** Approval requests: a hash per request; the answer is set with HSETNX, so the first answer wins. */
export class RedisApprovalStore implements ApprovalStore {
  private readonly keys: Keys;

  constructor(
    private readonly redis: Redis,
    options: { prefix?: string } = {},
  ) {
    this.keys = new Keys(options.prefix);
  }

  async create(request: Omit<ApprovalRequest, 'id'>): Promise<ApprovalRequest> {
    const created: ApprovalRequest = { ...request, id: randomUUID().slice(0, 13) };
    const key = this.key(request.tenant, created.id);
    await guarded('save approval request', async () => {
      await this.redis.multi().hset(key, 'request', JSON.stringify(created)).expire(key, REQUEST_TTL_SECONDS).exec();
    });
    return created;
  }

  async get(tenant: string, id: string): Promise<ApprovalRequest | undefined> {
    const [json, messages] = await guarded('read approval request', () =>
      this.redis.hmget(this.key(tenant, id), 'request', 'messages'),
    );
    if (!json) return undefined;
    const request = JSON.parse(json) as ApprovalRequest;
    return { ...request, messages: messages ? (JSON.parse(messages) as ApprovalRequest['messages']) : [] };
  }

  async addMessage(tenant: string, id: string, message: ApprovalRequest['messages'][number]): Promise<void> {
    // one script: concurrent additions (one per approver) never lose each other
    await guarded('save approval request', () =>
      this.redis.eval(
        `local m = redis.call('HGET', KEYS[1], 'messages')
         local list = m and cjson.decode(m) or {}
         table.insert(list, cjson.decode(ARGV[1]))
         redis.call('HSET', KEYS[1], 'messages', cjson.encode(list))
         return 1`,
        1,
        this.key(tenant, id),
        JSON.stringify(message),
      ),
    );
  }

  async answer(tenant: string, id: string, answer: ApprovalAnswer): Promise<{ won: boolean; answer: ApprovalAnswer }> {
    const key = this.key(tenant, id);
    const won = await guarded('answer approval request', () =>
      this.redis.hsetnx(key, 'answer', JSON.stringify(answer)),
    );
    if (won === 1) return { won: true, answer };
    return { won: false, answer: (await this.answerOf(tenant, id))! };
  }

  async answerOf(tenant: string, id: string): Promise<ApprovalAnswer | undefined> {
    const json = await guarded('read approval request', () => this.redis.hget(this.key(tenant, id), 'answer'));
    return json ? (JSON.parse(json) as ApprovalAnswer) : undefined;
  }

  async claimEscalation(tenant: string, id: string): Promise<boolean> {
    const won = await guarded('escalate approval request', () =>
      this.redis.hsetnx(this.key(tenant, id), 'escalated', '1'),
    );
    return won === 1;
  }

  async releaseEscalation(tenant: string, id: string): Promise<void> {
    await guarded('escalate approval request', () => this.redis.hdel(this.key(tenant, id), 'escalated'));
  }

  private key(tenant: string, id: string): string {
    return this.keys.tenant(tenant, 'approval', id);
  }
}
