import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  token?: string;
  at: number;
}

/** A large file served at url_private as its reader takes it (see hostLargeFile), and what became of the download. */
export interface LargeDownload {
  /** Bytes the file has. */
  readonly size: number;
  /** Bytes written to the downloader so far. */
  sent: number;
  /** Whether the whole file was sent. */
  finished: boolean;
  /** Resolves when a download of it has ended, sent in full or cut off by the reader. */
  readonly ended: Promise<void>;
}

export interface FakeFailure {
  status: number;
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/**
 * A fake Slack Web API on loopback that records every call. The real WebClient talks to it (slackApiUrl), so the
 * app's requests are real HTTP, parsed the way Slack would. Failures can be queued per method (429, 5xx, errors).
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly responses: Array<{ path: string; body: Record<string, unknown> }> = [];
  readonly admins = new Set<string>();
  /** Messages the app posted, as Slack would keep them (for conversations.history / replies). */
  readonly messages: Array<{
    channel: string;
    ts: string;
    thread_ts?: string;
    text?: string;
    metadata?: unknown;
    /** A file share (files.completeUploadExternal with a channel): the files' ids and names. */
    files?: Array<{ id: string; name: string; title?: string }>;
  }> = [];
  groupMembers: string[] = [];
  /** users.list: everyone in `admins` (as admins) and these members, `usersPageSize` a page (a cursor for more). */
  readonly members: Array<{ id: string } & Record<string, unknown>> = [];
  usersPageSize = 200;
  /** Files uploaded through files.getUploadURLExternal (by file id), and files served at url_private (by path). */
  readonly uploads = new Map<
    string,
    { filename: string; content: string; bytes?: Buffer; length?: number; altText?: string }
  >();
  readonly hostedFiles = new Map<string, string>();
  /** Files whose size files.info does not report (by path). */
  private readonly unsizedFiles = new Set<string>();
  private readonly largeFiles = new Map<string, { download: LargeDownload; end: () => void }>();
  private server: Server | undefined;
  private ts = 0;
  private readonly failures = new Map<string, FakeFailure[]>();
  private readonly rules: Array<(call: RecordedCall) => FakeFailure | undefined> = [];
  private readonly holds: Array<(call: RecordedCall) => boolean> = [];
  private readonly held: Array<{ call: RecordedCall; reply: () => void; cutOff: () => boolean }> = [];
  /** Added to every response (ms), to simulate a slow Slack. */
  delayMs = 0;
  port = 0;

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  responseUrl(id = 'r1'): string {
    return `http://127.0.0.1:${this.port}/response/${id}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const large = this.largeFiles.get(req.url ?? '');
      if (large) return void this.serveLarge(req, res, large.download, large.end);
      void this.handle(req).then(({ status, body, headers, call }) => {
        const reply = () => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(typeof body === 'string' ? body : JSON.stringify(body));
        };
        if (call && status === 200 && this.holds.some((hold) => hold(call)))
          this.held.push({ call, reply, cutOff: () => res.destroyed || req.socket.destroyed });
        else if (this.delayMs > 0) setTimeout(reply, this.delayMs);
        else reply();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /**
   * Carry out calls matching a predicate (a post is kept) but hold back the answer until `releaseHeld()`: the
   * caller cannot know the call worked, as when Slack is slow and the caller dies waiting.
   */
  holdWhen(rule: (call: RecordedCall) => boolean): void {
    this.holds.push(rule);
  }

  /** Stops holding, answers every held call still waiting, and says how many callers had hung up (were cut off). */
  releaseHeld(): { answered: number; cutOff: number } {
    this.holds.length = 0;
    const held = this.held.splice(0);
    const cutOff = held.filter((h) => h.cutOff()).length;
    for (const h of held) h.reply();
    return { answered: held.length - cutOff, cutOff };
  }

  /**
   * Held calls whose caller is still waiting for the answer, optionally only those made with `token` (one worker's,
   * when each has its own).
   */
  heldCount(token?: string): number {
    return this.held.filter((h) => !h.cutOff() && (token === undefined || h.call.token === token)).length;
  }

  /** Fail calls matching a predicate (e.g. one workspace's token) until it returns undefined. */
  failWhen(rule: (call: RecordedCall) => FakeFailure | undefined): void {
    this.rules.push(rule);
  }

  /** Queue a failure for the next call(s) of a method. */
  fail(method: string, failure: FakeFailure, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    this.failures.set(method, queue);
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  reset(): void {
    this.calls.length = 0;
    this.messages.length = 0;
    this.responses.length = 0;
    this.failures.clear();
    this.rules.length = 0;
    this.holds.length = 0;
  }

  /** Resolves when `count` calls of `method` have been recorded (or rejects after `timeoutMs`). */
  async waitFor(method: string, count = 1, timeoutMs = 5000): Promise<RecordedCall[]> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = this.callsOf(method);
      if (found.length >= count) return found;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(
      `expected ${count} ${method} call(s), saw ${this.callsOf(method).length}: ${this.calls.map((c) => c.method).join(', ')}`,
    );
  }

  /** response_url posts, optionally only those to one URL (`responseUrl(id)`). */
  async waitForResponses(
    count = 1,
    timeoutMs = 5000,
    id?: string,
  ): Promise<Array<{ path: string; body: Record<string, unknown> }>> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const matching = id ? this.responses.filter((r) => r.path === `/response/${id}`) : this.responses;
      if (matching.length >= count) return matching;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`expected ${count} response_url posts, saw ${this.responses.length}`);
  }

  private async handle(req: IncomingMessage): Promise<{
    status: number;
    body: Record<string, unknown> | string;
    headers?: Record<string, string>;
    call?: RecordedCall;
  }> {
    const bytes = await readBody(req);
    const raw = bytes.toString();
    const path = req.url ?? '/';
    if (path.startsWith('/upload/')) {
      const id = path.slice('/upload/'.length);
      const upload = this.uploads.get(id);
      if (!upload) return { status: 404, body: { ok: false } };
      // the bytes as sent (a PNG is not text: decoding it as UTF-8 would change it)
      upload.bytes = await uploadedContent(bytes, req.headers['content-type']);
      upload.content = upload.bytes.toString();
      return { status: 200, body: { ok: true } };
    }
    if (path.startsWith('/files/')) {
      // url_private: only with the bot token, as Slack serves private files
      const content = this.hostedFiles.get(path);
      if (req.headers.authorization !== 'Bearer xoxb-test' || content === undefined) return { status: 404, body: {} };
      return { status: 200, body: content, headers: { 'content-type': 'text/plain' } };
    }
    const body = parseBody(raw, req.headers['content-type']);
    if (path.startsWith('/response/')) {
      this.responses.push({ path, body });
      return { status: 200, body: { ok: true } };
    }
    const method = path.replace(/^\/api\//, '').split('?')[0]!;
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '') || (body.token as string | undefined);
    this.calls.push({ method, body, token, at: Date.now() });
    const call = this.calls[this.calls.length - 1]!;
    const failure = this.failures.get(method)?.shift() ?? this.rules.map((rule) => rule(call)).find(Boolean);
    if (failure)
      return {
        status: failure.status,
        body: failure.body ?? { ok: false, error: 'fake_failure' },
        headers: failure.headers,
      };
    return { status: 200, body: this.answer(method, body), call };
  }

  /**
   * A file a user attached (files.info gives its url_private, served only with the bot token); returns its id.
   * With `reportSize: false` files.info gives no size, so only the download tells how big it is.
   */
  hostFile(id: string, content: string, options: { reportSize?: boolean } = {}): string {
    this.hostedFiles.set(`/files/${id}`, content);
    if (options.reportSize === false) this.unsizedFiles.add(`/files/${id}`);
    return id;
  }

  /**
   * An attached file of `size` bytes whose size neither files.info nor the download declares (sent chunked, as a
   * reader takes it): only reading it tells how big it is. The returned record says how much was sent and whether
   * the reader took it all; `ended` resolves once the download is over either way.
   */
  hostLargeFile(id: string, size: number): LargeDownload {
    const path = `/files/${id}`;
    let end = () => {};
    const ended = new Promise<void>((resolve) => {
      end = resolve;
    });
    const download: LargeDownload = { size, sent: 0, finished: false, ended };
    this.largeFiles.set(path, { download, end });
    this.hostedFiles.set(path, '');
    this.unsizedFiles.add(path);
    return download;
  }

  /** Writes a large file in 64 KB chunks, no faster than the reader takes them, until it is sent or they hang up. */
  private async serveLarge(
    req: IncomingMessage,
    res: ServerResponse,
    download: LargeDownload,
    end: () => void,
  ): Promise<void> {
    if (req.headers.authorization !== 'Bearer xoxb-test') {
      res.writeHead(404).end();
      return;
    }
    let closed = false;
    res.on('close', () => {
      closed = true;
      end();
    });
    res.writeHead(200, { 'content-type': 'text/plain' });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    while (!closed && download.sent < download.size) {
      const piece = chunk.subarray(0, Math.min(chunk.length, download.size - download.sent));
      download.sent += piece.length;
      if (!res.write(piece))
        await new Promise<void>((resolve) => {
          const go = () => {
            res.off('drain', go);
            res.off('close', go);
            resolve();
          };
          res.on('drain', go);
          res.on('close', go);
        });
    }
    if (closed) return;
    download.finished = true;
    res.end();
  }

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'recovery-coach' };
      case 'chat.postMessage': {
        const ts = `${Math.floor(Date.now() / 1000)}.${String(++this.ts % 1_000_000).padStart(6, '0')}`;
        const channel = String(body.channel);
        this.messages.push({
          channel,
          ts,
          thread_ts: body.thread_ts as string | undefined,
          text: body.text as string,
          metadata: body.metadata,
        });
        return { ok: true, channel, ts, message: { text: body.text } };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(body.users)}` } };
      case 'conversations.history': {
        const oldest = Number(body.oldest ?? 0);
        const top = this.messages.filter((m) => m.channel === body.channel && !m.thread_ts && Number(m.ts) >= oldest);
        return {
          ok: true,
          messages: top.map((m) => ({
            ...m,
            reply_count: this.messages.filter((r) => r.thread_ts === m.ts).length || undefined,
          })),
        };
      }
      case 'conversations.replies': {
        const oldest = Number(body.oldest ?? 0);
        return {
          ok: true,
          messages: this.messages.filter(
            (m) =>
              m.channel === body.channel && (m.thread_ts === body.ts || m.ts === body.ts) && Number(m.ts) >= oldest,
          ),
        };
      }
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts };
      case 'views.open':
      case 'views.publish':
      case 'views.update':
        return { ok: true, view: { id: `V${this.ts++}` } };
      case 'users.info':
        return { ok: true, user: { id: body.user, is_admin: this.admins.has(String(body.user)) } };
      case 'files.getUploadURLExternal': {
        const id = `F${++this.ts}`;
        this.uploads.set(id, {
          filename: String(body.filename),
          content: '',
          length: body.length === undefined ? undefined : Number(body.length),
          altText: body.alt_text as string | undefined,
        });
        return { ok: true, file_id: id, upload_url: `http://127.0.0.1:${this.port}/upload/${id}` };
      }
      case 'files.info': {
        const path = `/files/${String(body.file)}`;
        const content = this.hostedFiles.get(path);
        if (content === undefined) return { ok: false, error: 'file_not_found' };
        const file = {
          id: body.file,
          size: this.unsizedFiles.has(path) ? undefined : Buffer.byteLength(content),
          url_private: `http://127.0.0.1:${this.port}${path}`,
        };
        return { ok: true, file };
      }
      case 'files.completeUploadExternal': {
        const files = (Array.isArray(body.files) ? body.files : []) as Array<{ id: string; title?: string }>;
        if (body.channel_id)
          // a shared file shows in the channel as a message of its own, as Slack's history lists it
          this.messages.push({
            channel: String(body.channel_id),
            ts: `${Math.floor(Date.now() / 1000)}.${String(++this.ts % 1_000_000).padStart(6, '0')}`,
            thread_ts: body.thread_ts as string | undefined,
            text: body.initial_comment as string | undefined,
            files: files.map((f) => ({ id: f.id, name: this.uploads.get(f.id)?.filename ?? '', title: f.title })),
          });
        return { ok: true, files: files.length > 0 ? files.map((f) => ({ id: f.id })) : [{ id: 'F1' }] };
      }
      case 'usergroups.users.list':
        return { ok: true, users: this.groupMembers };
      case 'users.list': {
        const all = [...[...this.admins].map((id) => ({ id, is_admin: true })), ...this.members];
        const start = Number(body.cursor ?? 0);
        const end = start + Math.min(this.usersPageSize, Number(body.limit ?? 1000));
        return {
          ok: true,
          members: all.slice(start, end),
          response_metadata: { next_cursor: end < all.length ? String(end) : '' },
        };
      }
      default:
        return { ok: true };
    }
  }
}

/** The file in an upload body: multipart form data (as the WebClient sends it) or the raw bytes. */
async function uploadedContent(raw: Buffer, contentType: string | undefined): Promise<Buffer> {
  if (!contentType?.startsWith('multipart/form-data')) return raw;
  const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
  const [, value] = [...form.entries()][0] ?? [];
  if (typeof value === 'string') return Buffer.from(value);
  return value ? Buffer.from(await value.arrayBuffer()) : Buffer.alloc(0);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = value.startsWith('[') || value.startsWith('{') ? safeJson(value) : value;
  }
  return out;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
