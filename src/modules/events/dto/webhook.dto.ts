import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { EVENT_TYPES, type EventType } from '../../../../libs/domain/order-events.js';
import { PageQueryDto } from '../../../common/pagination.js';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://legal.examplegram.example/hooks/evidence-exchange', description: 'https, resolving to a public address (checked again at every delivery)' })
  @IsString() @MaxLength(2048)
  url: string;

  @ApiPropertyOptional({ enum: EVENT_TYPES, isArray: true, description: 'The event types to send; all when absent' })
  @IsOptional() @IsArray() @ArrayNotEmpty() @ArrayUnique() @ArrayMaxSize(EVENT_TYPES.length) @IsIn(EVENT_TYPES, { each: true })
  events?: EventType[];
}

export class WebhookDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: EVENT_TYPES, isArray: true }) events: string[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'Set when the receiver answered 410 Gone: nothing more is sent' }) disabledReason: string | null;
}

export class CreatedWebhookDto extends WebhookDto {
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'Standard Webhooks secret: shown only now; keep it to verify `webhook-signature`' }) secret: string;
}

export class WebhookListDto {
  @ApiProperty({ type: [WebhookDto] }) items: WebhookDto[];
}

export class DeliveryDto {
  @ApiProperty({ format: 'uuid', description: 'The event id, sent as `webhook-id` on every attempt' }) eventId: string;
  @ApiProperty({ enum: EVENT_TYPES }) type: string;
  @ApiProperty({ enum: ['PENDING', 'DELIVERED', 'FAILED'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String, example: 'HTTP 503' }) lastAnswer: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) deliveredAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When the next attempt goes (PENDING)' }) nextAttemptAt: string | null;
}

export class DeliveryPageDto {
  @ApiProperty({ type: [DeliveryDto] }) items: DeliveryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class DeliveriesQueryDto extends PageQueryDto {}
