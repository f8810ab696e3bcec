import { Body, Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { CreateOrganisationDto, OrganisationDto, SuspendOrganisationDto, UpdateOrganisationDto } from './dto/organisation.dto.js';
import { CreateUserDto, UserDto, UserListDto } from './dto/user.dto.js';
import { IdentityService } from './identity.service.js';
import { OrganisationSuspensionService } from './organisation-suspension.service.js';

@ApiTags('organisations')
@ApiBearerAuth()
@ApiProblems(401)
@Controller('organisations')
export class OrganisationsController {
  constructor(
    private readonly identity: IdentityService,
    private readonly suspensions: OrganisationSuspensionService,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('OPERATOR')
  @ApiOperation({ summary: 'Register an authority or a provider (operator only)' })
  @ApiCreatedResponse({ type: OrganisationDto })
  @ApiProblems(400, 403)
  create(@Body() body: CreateOrganisationDto): Promise<OrganisationDto> {
    return this.identity.createOrganisation(body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An organisation, to its members and the operator' })
  @ApiOkResponse({ type: OrganisationDto })
  @ApiProblems(400, 404)
  get(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<OrganisationDto> {
    return this.identity.getOrganisation(principal, id);
  }

  @Patch(':id')
  @HttpCode(200)
  @Roles('OPERATOR')
  @ApiOperation({ summary: 'Update a provider\'s services or an authority\'s designations, or require a second factor of its people (operator only); each member sent replaces the stored value' })
  @ApiOkResponse({ type: OrganisationDto })
  @ApiProblems(400, 403, 404)
  update(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string, @Body() body: UpdateOrganisationDto): Promise<OrganisationDto> {
    return this.identity.updateOrganisation(principal, id, body);
  }

  @Get(':id/users')
  @Roles('OPERATOR', 'ORG_ADMIN')
  @ApiOperation({ summary: 'The people of an organisation, by name, with whether each has a second factor (operator, or that organisation\'s admin)' })
  @ApiOkResponse({ type: UserListDto })
  @ApiProblems(400, 403, 404)
  listUsers(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<UserListDto> {
    return this.identity.listUsers(principal, id);
  }

  @Delete(':id/users/:userId/totp')
  @HttpCode(204)
  @Roles('OPERATOR')
  @ApiOperation({ summary: 'Reset a person\'s second factor, for a lost or replaced device (operator only): the factor and any enrolment are removed; where the organisation requires one, the person enrols a new one at the next sign-in' })
  @ApiNoContentResponse({ description: 'Reset (also when there was nothing to reset)' })
  @ApiProblems(400, 403, 404)
  async resetSecondFactor(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string, @UuidParam('userId') userId: string): Promise<void> {
    await this.identity.resetSecondFactor(principal, id, userId);
  }

  @Post(':id/users')
  @HttpCode(201)
  @Roles('OPERATOR', 'ORG_ADMIN')
  @ApiOperation({ summary: 'Add a user to an organisation (operator, or that organisation\'s admin)' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiProblems(400, 403, 404, 409)
  createUser(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string, @Body() body: CreateUserDto): Promise<UserDto> {
    return this.identity.createUser(principal, id, body);
  }

  @Post(':id/suspension')
  @HttpCode(200)
  @Roles('OPERATOR')
  @ApiOperation({ summary: 'Suspend an organisation at once (operator only): its tokens stop on the next request, its certificates are revoked, its orders in flight are flagged to their providers' })
  @ApiOkResponse({ type: OrganisationDto })
  @ApiProblems(400, 403, 404, 409)
  suspend(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string, @Body() body: SuspendOrganisationDto): Promise<OrganisationDto> {
    return this.suspensions.suspend(principal, id, body.reason);
  }

  @Delete(':id/suspension')
  @HttpCode(200)
  @Roles('OPERATOR')
  @ApiOperation({ summary: 'Lift a suspension (operator only); revoked certificates stay revoked' })
  @ApiOkResponse({ type: OrganisationDto })
  @ApiProblems(400, 403, 404)
  lift(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<OrganisationDto> {
    return this.suspensions.lift(principal, id);
  }
}
