import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InFlight } from '../../src/infra/inFlight';

export interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  response_format?: { type: string; json_schema?: { name: string; schema: unknown } };
}

/** What the fake answers to one request: a model answer (JSON content), a refusal, raw text, or an HTTP error. */
export type FakeReply =
  | { json: unknown; delayMs?: number }
  | { refusal: string }
  | { content: string }
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { hangUp: true };

/**
 * An OpenAI-compatible chat completions server on loopback. The real openai SDK talks to it through baseURL; each
 * request is recorded (the tests read exactly what was sent to the model) and answered by `reply`.
 */
export class FakeOpenAI {
  readonly requests: ChatRequest[] = [];
  /** Requests being answered, slow ones included: `handling.idle()` waits until each has answered or been dropped. */
  readonly handling = new InFlight();
  reply: (request: ChatRequest) => FakeReply = () => ({ status: 500 });
  private server: Server | undefined;
  private port = 0;

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handling.run(() => this.handle(req, res)));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
    this.requests.push(request);
    const reply = this.reply(request);
    if ('hangUp' in reply) {
      req.socket.destroy();
      return;
    }
    if ('status' in reply) {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify(reply.body ?? { error: { message: `fake ${reply.status}`, type: 'server_error' } }));
      return;
    }
    if ('json' in reply && reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (res.destroyed) return;
    const message =
      'refusal' in reply
        ? { role: 'assistant', content: null, refusal: reply.refusal }
        : { role: 'assistant', content: 'json' in reply ? JSON.stringify(reply.json) : reply.content, refusal: null };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: `chatcmpl-${this.requests.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: request.model,
        choices: [{ index: 0, message, finish_reason: 'stop', logprobs: null }],
        usage: { prompt_tokens: 1200, completion_tokens: 90, total_tokens: 1290 },
      }),
    );
  }
}
