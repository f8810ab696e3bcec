import { Controller, Injectable, Req, Sse, UseGuards, type CanActivate, type ExecutionContext, type MessageEvent } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { CurrentPrincipal } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import { EventStream } from './event-stream.js';

type StreamRequest = FastifyRequest & { user?: Principal; resumeFrom?: string };

/**
 * Resolves `Last-Event-ID` before the handler runs: a Server-Sent Events answer starts with its
 * headers, so an unknown id must be refused (400) before the stream opens.
 */
@Injectable()
class ResumePoint implements CanActivate {
  constructor(private readonly stream: EventStream) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<StreamRequest>();
    const header = request.headers['last-event-id'];
    request.resumeFrom = await this.stream.resumeFrom(request.user!.organisationId, header === undefined ? undefined : String(header));
    return true;
  }
}

@ApiTags('events')
@ApiBearerAuth()
@ApiProblems(401)
@Controller('events')
export class EventsController {
  constructor(private readonly stream: EventStream) {}

  @Sse()
  @UseGuards(ResumePoint)
  @ApiOperation({
    summary:
      'Server-Sent Events: your organisation\'s events as they happen. Each `data:` is the JSON `{ type, timestamp, data }` a webhook would receive; `id:` is the event id. Send `Last-Event-ID` to resume after an event.',
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event (an id this stream sent)' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'text/event-stream, open until you close it, your sign-in can no longer act (account disabled, organisation suspended, session past its lifetime, a second factor to enrol), or the server stops (reconnect with Last-Event-ID)', schema: { type: 'string' } })
  // 503: the server is stopping (with Retry-After).
  @ApiProblems(400, 503)
  events(@CurrentPrincipal() principal: Principal, @Req() request: StreamRequest): Observable<MessageEvent> {
    return this.stream.open(principal, request.resumeFrom!);
  }
}
