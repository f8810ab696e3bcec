import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { MessageEvent } from '@nestjs/common';
import { Observable, type Subscriber } from 'rxjs';
import { mustEnrolSecondFactor, type Principal } from '../../common/auth/principal.js';
import { ApiError, validationError } from '../../common/errors/api-error.js';
import { AppConfig } from '../../config/app-config.js';
import { UsersRepository } from '../identity/users.repository.js';
import { EventBus } from './event-bus.js';
import { EventsRepository } from './events.repository.js';

/** Without a wake-up (another instance numbered the events), a stream looks again this often. */
const POLL_MS = 1_000;
/**
 * An open stream checks this often that its caller could still sign a request (account active,
 * organisation not suspended), as every other request does when it arrives; otherwise it ends.
 */
const RECHECK_MS = 5_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One organisation's events as a Server-Sent Events stream, in the order the dispatcher numbered
 * them: from now, or after the event a client names in `Last-Event-ID`, so a reconnecting client
 * misses nothing. It ends when its caller's account is disabled or organisation suspended, and
 * when this instance stops.
 */
@Injectable()
export class EventStream implements BeforeApplicationShutdown {
  /** The streams open on this instance, ended when it stops. */
  private readonly streams = new Set<Subscriber<MessageEvent>>();
  private stopped = false;

  constructor(
    private readonly events: EventsRepository,
    private readonly bus: EventBus,
    private readonly users: UsersRepository,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /**
   * Where a stream resumes: the number of the event a client names in `Last-Event-ID` (refused
   * when it is not one this organisation's stream sent), or the organisation's last event.
   * Checked before the stream opens (EventsController's guard): once it is open, an error can no
   * longer be a 400.
   */
  async resumeFrom(organisationId: string, lastEventId: string | undefined): Promise<string> {
    // A stopping instance opens no stream: 503 with Retry-After, so a client backs off (and a
    // balancer sends it elsewhere) instead of reconnecting at once to a stream that ends at once.
    if (this.stopped) throw new ApiError('SERVICE_UNAVAILABLE', 'This server is stopping; reconnect in a few seconds.');
    if (lastEventId === undefined) return this.events.lastSeq(organisationId);
    const seq = UUID.test(lastEventId.trim()) ? await this.events.seqOf(organisationId, lastEventId.trim()) : null;
    if (seq === null) throw validationError([{ field: 'Last-Event-ID', message: 'is not an event this stream sent to your organisation' }]);
    return seq;
  }

  /**
   * Ends every open stream before the app stops: an open stream keeps its HTTP connection busy, so
   * the server's close, and with it the app's shutdown, would otherwise wait for the client to
   * leave (for ever, for a client that keeps it open). The dispatcher stops with the app anyway.
   */
  beforeApplicationShutdown(): void {
    this.stopped = true;
    for (const subscriber of [...this.streams]) subscriber.complete();
  }

  /** The stream after `from` (a number `resumeFrom` answered). */
  open(principal: Pick<Principal, 'userId' | 'organisationId' | 'session'>, from: string): Observable<MessageEvent> {
    const { organisationId } = principal;
    let cursor = from;
    return new Observable<MessageEvent>((subscriber) => {
      // An instance that is stopping ends the stream at once: the client reconnects (elsewhere,
      // behind a balancer) and resumes with Last-Event-ID, missing nothing.
      if (this.stopped) {
        subscriber.complete();
        return;
      }
      this.streams.add(subscriber);
      let closed = false;
      let pumping: Promise<void> | null = null;
      let again = false;
      const pump = async () => {
        if (pumping) {
          again = true;
          return;
        }
        pumping = (async () => {
          do {
            again = false;
            for (;;) {
              const batch = await this.events.after(organisationId, cursor);
              if (closed) return;
              for (const event of batch) {
                subscriber.next({ id: event.id, data: event.body });
                cursor = event.seq!;
              }
              if (batch.length < 200) break;
            }
          } while (again && !closed);
        })()
          .catch((error: unknown) => subscriber.error(error))
          .finally(() => (pumping = null));
      };
      const stop = this.bus.onDispatched(() => void pump());
      const poll = setInterval(() => void pump(), POLL_MS);
      // A comment line (": keep-alive"), never an event: an event without an id would be numbered
      // by the framework, and a client would then resume from that number, which names no event.
      const keepAlive = setInterval(() => subscriber.next({ comment: 'keep-alive' } as MessageEvent), this.config.eventStreamKeepAliveMs);
      const recheck = setInterval(() => {
        void this.users.findActivePrincipal(principal.userId).then(
          (current) => {
            // Ends like any request would now be refused: the account or organisation gone or
            // suspended, a second factor now to enrol (required since, or reset), or the
            // session past its longest lifetime.
            const sessionEnded = principal.session !== undefined && Date.now() / 1000 >= principal.session.authTime + this.config.sessionMaxSeconds;
            const stillAllowed = current && current.organisationId === organisationId && !mustEnrolSecondFactor({ ...current, session: principal.session }) && !sessionEnded;
            if (closed || stillAllowed) return;
            closed = true;
            subscriber.complete();
          },
          () => undefined, // the database is away: the next check decides
        );
      }, RECHECK_MS);
      void pump();
      return () => {
        closed = true;
        this.streams.delete(subscriber);
        stop();
        clearInterval(poll);
        clearInterval(keepAlive);
        clearInterval(recheck);
      };
    });
  }
}
