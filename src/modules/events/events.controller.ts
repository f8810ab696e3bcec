import { Controller, Headers, Sse, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { CurrentPrincipal } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import { EventStream } from './event-stream.js';

@ApiTags('events')
@ApiBearerAuth()
@ApiProblems(401)
@Controller('events')
export class EventsController {
  constructor(private readonly stream: EventStream) {}

  @Sse()
  @ApiOperation({
    summary:
      'Server-Sent Events: your organisation\'s events as they happen. Each `data:` is the JSON `{ type, timestamp, data }` a webhook would receive; `id:` is the event id. Send `Last-Event-ID` to resume after an event.',
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event (an id this stream sent)' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'text/event-stream, open until you close it', schema: { type: 'string' } })
  @ApiProblems(400)
  events(@CurrentPrincipal() principal: Principal, @Headers('last-event-id') lastEventId: string | undefined): Promise<Observable<MessageEvent>> {
    return this.stream.open(principal, lastEventId);
  }
}
