import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import http from 'node:http';
import https from 'node:https';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';
import { AppConfig } from '../../config/app-config.js';

export interface SendOutcome {
  /** The receiver's HTTP status, when it answered. */
  status?: number;
  /** Why no answer came (refused address, timeout, connection error). */
  error?: string;
}

/**
 * POSTs a webhook. The address is checked when the connection is made, after DNS resolution
 * (request-filtering-agent): a name that resolves to a loopback, private, link-local or metadata
 * address is refused at send time, whatever it resolved to when the subscription was made (DNS
 * rebinding). WEBHOOK_ALLOW_PRIVATE_NETWORKS=true lifts that for trials and tests.
 */
@Injectable()
export class WebhookSender implements OnApplicationShutdown {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {
    // No cap per host: the attempts in flight are bounded per subscription and per instance
    // (WebhooksService), and a cap here would let one dead URL queue its neighbours on the same host.
    const options = { keepAlive: true };
    this.httpAgent = config.webhookAllowPrivateNetworks ? new http.Agent(options) : new RequestFilteringHttpAgent(options);
    this.httpsAgent = config.webhookAllowPrivateNetworks ? new https.Agent(options) : new RequestFilteringHttpsAgent(options);
  }

  post(url: string, headers: Record<string, string>, body: string): Promise<SendOutcome> {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    if (!secure && !this.config.webhookAllowPrivateNetworks) return Promise.resolve({ error: 'refused: webhooks go to https URLs only' });
    const limit = this.config.webhookTimeoutMs;
    return new Promise((resolve) => {
      const request = (secure ? https : http).request(target, {
        method: 'POST',
        agent: secure ? this.httpsAgent : this.httpAgent,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      });
      // WEBHOOK_TIMEOUT_MS bounds the whole attempt, from now: a receiver that connects and then
      // answers (or sends its body) a byte at a time does not hold the attempt longer.
      const deadline = setTimeout(() => request.destroy(new Error(`no answer within ${limit} ms`)), limit);
      request.on('response', (response) => {
        // Only the status counts: the answer is the headers. The body is drained (so the socket
        // can be reused) but never waited for; the deadline still ends a body that drips.
        resolve({ status: response.statusCode });
        response.on('data', () => undefined);
        response.on('error', () => undefined);
      });
      request.on('close', () => clearTimeout(deadline));
      request.on('error', (error) => resolve({ error: error.message.slice(0, 250) }));
      request.end(body);
    });
  }

  onApplicationShutdown(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
