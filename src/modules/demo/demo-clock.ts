import { Body, Controller, HttpCode, Inject, Injectable, Logger, Post, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Matches } from 'class-validator';
import { DataSource } from 'typeorm';
import { durationMs } from '../../../libs/domain/order-clocks.js';
import { Roles } from '../../common/auth/decorators.js';
import { Clock } from '../../common/clock.js';
import { ApiError, validationError } from '../../common/errors/api-error.js';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import { AppConfig } from '../../config/app-config.js';
import { OrderClockService } from '../transitions/order-clock.service.js';
import { ExchangeSettingEntity } from './exchange-setting.entity.js';

const SETTING = 'demo-clock';
/** Other instances pick up a moved clock this fast. */
const REFRESH_MS = 2_000;

export class AdvanceClockDto {
  @ApiProperty({ example: 'PT9H', description: 'ISO 8601 duration to move the exchange\'s time forward by (days, hours, minutes, seconds)' })
  @Matches(/^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/, { message: 'must be an ISO 8601 duration such as PT9H or P10DT1H' })
  advance: string;
}

export class ClockDto {
  @ApiProperty({ format: 'date-time', description: 'The exchange\'s time now' }) now: string;
}

/**
 * The demo clock (DEMO_CLOCK=true, refused with NODE_ENV=production): the operator moves the
 * exchange's time forward, and deadlines, reminders, expiries and overdue events follow at once.
 * The offset is kept in the database, so every instance and a restart agree on the time.
 */
@Injectable()
export class DemoClock implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DemoClock');
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly orderClock: OrderClockService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoClock) return;
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), REFRESH_MS);
    this.timer.unref();
    this.logger.warn({ msg: 'DEMO_CLOCK is on: the operator can move the exchange\'s time forward', offsetMs: this.clock.offsetMs });
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async advance(by: string): Promise<ClockDto> {
    if (!this.config.demoClock) throw new ApiError('NOT_FOUND', 'Cannot POST /api/v1/demo/clock');
    let ms: number;
    try {
      ms = durationMs(by);
    } catch {
      throw validationError([{ field: 'advance', message: 'must be an ISO 8601 duration such as PT9H' }]);
    }
    const rows = (await this.dataSource.query(
      `INSERT INTO exchange_settings (key, value) VALUES ($1, jsonb_build_object('offsetMs', $2::bigint))
       ON CONFLICT (key) DO UPDATE SET value = jsonb_build_object('offsetMs', (exchange_settings.value->>'offsetMs')::bigint + $2::bigint)
       RETURNING (value->>'offsetMs')::bigint AS "offsetMs"`,
      [SETTING, ms],
    )) as { offsetMs: string }[];
    this.clock.offsetMs = Number(rows[0].offsetMs);
    this.logger.warn({ msg: 'demo clock moved', advance: by, offsetMs: this.clock.offsetMs });
    // What the new time makes due happens before the answer: reminders, expiries, overdue events.
    await this.orderClock.run();
    return { now: this.clock.now().toISOString() };
  }

  private async refresh(): Promise<void> {
    const row = await this.dataSource.manager.findOne(ExchangeSettingEntity, { where: { key: SETTING } });
    this.clock.offsetMs = Number((row?.value as { offsetMs?: number } | undefined)?.offsetMs ?? 0);
  }
}

@ApiTags('demo')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('demo')
export class DemoClockController {
  constructor(private readonly demoClock: DemoClock) {}

  @Post('clock')
  @HttpCode(200)
  @Roles('OPERATOR')
  @ApiOperation({ summary: 'DEMO_CLOCK only: move the exchange\'s time forward; deadlines, reminders and expiries follow at once. 404 when the demo clock is off' })
  @ApiOkResponse({ type: ClockDto })
  @ApiProblems(400, 404)
  advance(@Body() body: AdvanceClockDto): Promise<ClockDto> {
    return this.demoClock.advance(body.advance);
  }
}
