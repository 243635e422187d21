import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The issuer the Bot Framework puts in the tokens it sends to bots. */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

type KeyPair = { publicKey: KeyObject; privateKey: KeyObject };

/**
 * The Bot Framework's token signing keys on loopback: an OpenID metadata document and its key set, as
 * login.botframework.com serves them (RSA keys, each endorsed for the channels it may sign for). botbuilder is
 * pointed here by MICROSOFT_BOT_OPENID_METADATA and checks real RS256 signatures against these keys.
 */
export class FakeBotFrameworkKeys {
  /** The key the "Bot Framework" signs with, published in the key set. */
  readonly trusted: KeyPair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  /** A key nobody published: what a forger has. */
  readonly stranger: KeyPair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  /** A published key endorsed only for another channel. */
  readonly otherChannel: KeyPair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private server?: Server;
  private base = '';

  get metadataUrl(): string {
    return `${this.base}/v1/.well-known/openidconfiguration`;
  }

  async start(): Promise<void> {
    const jwk = (pair: KeyPair, kid: string, endorsements: string[]) => {
      const { n, e } = pair.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
      return { kty: 'RSA', use: 'sig', kid, n, e, endorsements };
    };
    this.server = createServer((req, res) => {
      const body =
        req.url === '/v1/.well-known/openidconfiguration'
          ? {
              issuer: BOT_FRAMEWORK_ISSUER,
              jwks_uri: `${this.base}/v1/.well-known/keys`,
              id_token_signing_alg_values_supported: ['RS256'],
            }
          : req.url === '/v1/.well-known/keys'
            ? { keys: [jwk(this.trusted, 'trusted', ['msteams']), jwk(this.otherChannel, 'other', ['slack'])] }
            : undefined;
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body ?? { error: 'not found' }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** An RS256 JWT with these claims, signed by `signer` under key id `kid` (by default the published key). */
  token(claims: Record<string, unknown>, options: { signer?: KeyPair; kid?: string } = {}): string {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const signed = `${encode({ alg: 'RS256', typ: 'JWT', kid: options.kid ?? 'trusted' })}.${encode(claims)}`;
    const signature = sign('sha256', Buffer.from(signed), (options.signer ?? this.trusted).privateKey);
    return `${signed}.${signature.toString('base64url')}`;
  }
}
