import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/**
 * Wake-ups inside one process: a committed step wrote events (the dispatcher numbers them now, not
 * at its next look), events were numbered (streams and deliveries look now). Other instances find
 * the same work at their next look; nothing is lost if a wake-up is.
 */
@Injectable()
export class EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  written(): void {
    this.emitter.emit('written');
  }

  dispatched(): void {
    this.emitter.emit('dispatched');
  }

  onWritten(listener: () => void): () => void {
    this.emitter.on('written', listener);
    return () => this.emitter.off('written', listener);
  }

  onDispatched(listener: () => void): () => void {
    this.emitter.on('dispatched', listener);
    return () => this.emitter.off('dispatched', listener);
  }
}
