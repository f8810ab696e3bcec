import { Controller, Get, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import type { Page } from '../../common/pagination.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { ListOrdersQueryDto } from './dto/list-orders.query.js';
import { OrderDto, OrderPageDto } from './dto/order.dto.js';
import { OrderEtagInterceptor } from './order-version.http.js';
import { OrdersService } from './orders.service.js';

/** Reading orders. Drafting and every step are in the transitions module; steps, documents, evidence and the bundle in theirs. */
@ApiTags('orders')
@ApiBearerAuth()
@ApiProblems(401)
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Get()
  @ApiOperation({ summary: 'Orders your organisation is party to, newest first' })
  @ApiOkResponse({ type: OrderPageDto })
  @ApiProblems(400)
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListOrdersQueryDto): Promise<Page<OrderDto>> {
    const updatedSince = query.updatedSince ? new Date(query.updatedSince) : undefined;
    return this.orders.list(principal, { status: query.status, type: query.type, box: query.box, updatedSince }, query.limit ?? 50, query.cursor);
  }

  @Get(':id')
  @UseInterceptors(OrderEtagInterceptor)
  @ApiOperation({ summary: 'One order, with its clocks (dueAt, overdue, enforcingReview, preservationExpiresAt)' })
  @ApiOkResponse({ type: OrderDto })
  @ApiProblems(400, 404)
  get(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<OrderDto> {
    return this.orders.get(principal, id);
  }
}
