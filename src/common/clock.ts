import { Injectable } from '@nestjs/common';

/**
 * The time, behind a provider, so tests can fix or advance it instead of sleeping
 * (deadlines, token expiry, rate-limit windows all read it here). With DEMO_CLOCK=true the
 * operator may move it forward (`offsetMs`) to watch deadlines pass in a demo.
 */
@Injectable()
export class Clock {
  /** How far the demo clock moved the exchange's time ahead of the real one. */
  offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}
