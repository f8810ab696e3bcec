import { Injectable } from '@nestjs/common';

/**
 * The time, behind a provider, so tests can fix or advance it instead of sleeping
 * (deadlines, token expiry, rate-limit windows all read it here).
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
