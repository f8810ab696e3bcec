import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import type { Page } from '../../common/pagination.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { CreatedWebhookDto, CreateWebhookDto, DeliveriesQueryDto, DeliveryPageDto, WebhookListDto, type DeliveryDto } from './dto/webhook.dto.js';
import { WebhooksService } from './webhooks.service.js';

@ApiTags('events')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Roles('ORG_ADMIN')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Subscribe your organisation\'s events (Standard Webhooks v1); the secret is shown only in this answer. At most 20 active subscriptions per organisation (409 WEBHOOK_LIMIT_REACHED)' })
  @ApiCreatedResponse({ type: CreatedWebhookDto })
  @ApiProblems(400, 409)
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateWebhookDto): Promise<CreatedWebhookDto> {
    return this.webhooks.create(principal, body.url, body.events);
  }

  @Get()
  @ApiOperation({ summary: 'Your organisation\'s subscriptions (never a secret)' })
  @ApiOkResponse({ type: WebhookListDto })
  list(@CurrentPrincipal() principal: Principal): Promise<WebhookListDto> {
    return this.webhooks.list(principal);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop a subscription: nothing more is sent; its deliveries log stays' })
  @ApiNoContentResponse({ description: 'Stopped' })
  @ApiProblems(400, 404)
  async remove(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<void> {
    await this.webhooks.remove(principal, id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The deliveries of a subscription, newest first: status, attempts, the last answer' })
  @ApiOkResponse({ type: DeliveryPageDto })
  @ApiProblems(400, 404)
  deliveries(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string, @Query() query: DeliveriesQueryDto): Promise<Page<DeliveryDto>> {
    return this.webhooks.deliveries(principal, id, query.limit ?? 50, query.cursor);
  }
}
