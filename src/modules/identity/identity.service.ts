import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../../database/unique-violation.js';
import { DomainError } from '../../../libs/domain/errors.js';
import { mayGrantRoles, organisationProblems, rolesNotAllowedFor } from '../../../libs/domain/identity.js';
import type { Principal } from '../../common/auth/principal.js';
import { ApiError, validationError } from '../../common/errors/api-error.js';
import { decodeCursor, encodeCursor, type Page, type PageQueryDto } from '../../common/pagination.js';
import type { AuthorityDto, AuthorityQueryDto, CreateOrganisationDto, OrganisationDto, ProviderDirectoryEntryDto, UpdateOrganisationDto } from './dto/organisation.dto.js';
import type { CreateUserDto, MeDto, UserDto, UserListDto } from './dto/user.dto.js';
import { mapAuthority, mapMe, mapOrganisation, mapProviderEntry, mapUser } from './identity.mapper.js';
import { OrganisationsRepository } from './organisations.repository.js';
import { PasswordHasher } from './password-hasher.js';
import { UsersRepository } from './users.repository.js';
import { organisationNotFound } from './identity.errors.js';

@Injectable()
export class IdentityService {
  private readonly logger = new Logger('Identity');

  constructor(
    private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsRepository,
    private readonly users: UsersRepository,
    private readonly passwords: PasswordHasher,
  ) {}

  async createOrganisation(input: CreateOrganisationDto): Promise<OrganisationDto> {
    const problems = organisationProblems(input);
    if (problems.length > 0) throw validationError(problems);
    const created = await this.dataSource.transaction((manager) =>
      this.organisations.insert(
        {
          name: input.name,
          kind: input.kind,
          country: input.country,
          authorityType: input.kind === 'AUTHORITY' ? input.authorityType : null,
          designations: input.kind === 'AUTHORITY' ? [...new Set(input.designations ?? [])] : [],
          languages: input.languages ?? [],
          contactEmail: input.contact?.email ?? null,
          contactPhone: input.contact?.phone ?? null,
          contactAddress: input.contact?.address ?? null,
          cgnatOperator: input.kind === 'PROVIDER' && input.cgnatOperator === true,
          services: input.kind === 'PROVIDER' ? [...new Set(input.services ?? [])] : [],
          requireTotp: input.requireTotp === true,
          removalInformationAt: null,
          establishments: input.establishments ?? [],
        },
        manager,
      ),
    );
    return mapOrganisation(created);
  }

  /**
   * The operator replaces a provider's services or an authority's designations (what routing
   * reads), or requires a second factor of the organisation's people (from their next request).
   */
  async updateOrganisation(actor: Principal, id: string, input: UpdateOrganisationDto): Promise<OrganisationDto> {
    const updated = await this.dataSource.transaction(async (manager) => {
      const organisation = await this.organisations.findById(id, manager);
      if (!organisation) throw organisationNotFound(id);
      const problems = organisationProblems({ kind: organisation.kind, country: organisation.country, authorityType: organisation.authorityType ?? undefined, ...input } as CreateOrganisationDto).filter((problem) => problem.field === 'services' || problem.field === 'designations');
      if (problems.length > 0) throw validationError(problems);
      await this.organisations.update(
        id,
        {
          ...(input.services !== undefined ? { services: [...new Set(input.services)] } : {}),
          ...(input.designations !== undefined ? { designations: [...new Set(input.designations)] } : {}),
          ...(input.requireTotp !== undefined ? { requireTotp: input.requireTotp } : {}),
        },
        manager,
      );
      if (input.requireTotp !== undefined && input.requireTotp !== organisation.requireTotp) {
        this.logger.warn({ msg: input.requireTotp ? 'second factor required' : 'second factor no longer required', organisationId: id, by: actor.userId });
      }
      return (await this.organisations.findById(id, manager))!;
    });
    return mapOrganisation(updated);
  }

  /** The people of an organisation, for the operator and its own administrators. */
  async listUsers(actor: Principal, organisationId: string): Promise<UserListDto> {
    if (!actor.roles.includes('OPERATOR') && actor.organisationId !== organisationId) throw organisationNotFound(organisationId);
    if (!(await this.organisations.findById(organisationId))) throw organisationNotFound(organisationId);
    return { items: (await this.users.findPeopleOf(organisationId)).map(mapUser) };
  }

  /**
   * The operator removes a person's second factor and any enrolment (a lost or replaced device),
   * after checking who is asking by its own means. Where the organisation requires one, the person
   * is let in only to enrol a new one at the next sign-in (and at once on the tokens they hold).
   */
  async resetSecondFactor(actor: Principal, organisationId: string, userId: string): Promise<void> {
    if (!(await this.organisations.findById(organisationId))) throw organisationNotFound(organisationId);
    const user = await this.users.findById(userId);
    if (!user || user.organisationId !== organisationId || user.kind !== 'PERSON') throw new ApiError('NOT_FOUND', `No person ${userId} in organisation ${organisationId}.`);
    const hadOne = await this.users.resetTotp(userId);
    this.logger.warn({ msg: 'second factor reset', userId, organisationId, by: actor.userId, hadOne });
  }

  async getOrganisation(viewer: Principal, id: string): Promise<OrganisationDto> {
    const organisation = await this.organisations.findVisibleTo(viewer, id);
    if (!organisation) throw organisationNotFound(id);
    return mapOrganisation(organisation);
  }

  async createUser(actor: Principal, organisationId: string, input: CreateUserDto): Promise<UserDto> {
    const isOperator = actor.roles.includes('OPERATOR');
    // An ORG_ADMIN manages only its own organisation; any other id looks as if it did not exist.
    if (!isOperator && actor.organisationId !== organisationId) throw organisationNotFound(organisationId);
    if (!mayGrantRoles(actor.roles, input.roles)) {
      throw new DomainError('ROLE_NOT_GRANTABLE', 'Only the operator may grant the OPERATOR role.', { field: 'roles' });
    }
    const passwordHash = await this.passwords.hash(input.password);
    try {
      const user = await this.dataSource.transaction(async (manager) => {
        const organisation = await this.organisations.findById(organisationId, manager);
        if (!organisation) throw organisationNotFound(organisationId);
        const misfits = rolesNotAllowedFor(organisation.kind, input.roles);
        if (misfits.length > 0) {
          throw new DomainError('USER_ROLES_INVALID', `An organisation of kind ${organisation.kind} cannot hold ${misfits.join(', ')}.`, {
            errors: [{ field: 'roles', message: `${misfits.join(', ')} not allowed for ${organisation.kind}` }],
          });
        }
        if (await this.users.emailTaken(input.email, manager)) throw emailTaken();
        return this.users.insert({ organisationId, email: input.email, name: input.name, function: input.function ?? null, passwordHash, roles: input.roles }, manager);
      });
      return mapUser(user);
    } catch (error) {
      // Two concurrent creations can both pass the check; the unique index decides.
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
  }

  async listProviders(query: PageQueryDto): Promise<Page<ProviderDirectoryEntryDto>> {
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, ['text', 'uuid']) as [string, string] | undefined;
    const rows = await this.organisations.findProviderPage(limit + 1, after);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map(mapProviderEntry),
      nextCursor: rows.length > limit && last ? encodeCursor([last.name, last.id]) : null,
    };
  }

  /** The directory of authorities (docs/state-to-state.md): who takes part, with their contacts, for any signed-in user. */
  async listAuthorities(query: AuthorityQueryDto): Promise<Page<AuthorityDto>> {
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, ['text', 'uuid']) as [string, string] | undefined;
    const rows = await this.organisations.findAuthorityPage({ country: query.country, capacity: query.authorityType }, limit + 1, after);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items: items.map(mapAuthority), nextCursor: rows.length > limit && last ? encodeCursor([last.name, last.id]) : null };
  }

  async me(principal: Principal): Promise<MeDto> {
    const [person] = await this.users.findPeople([principal.userId]);
    return mapMe(principal, person?.function ?? null);
  }
}

function emailTaken(): DomainError {
  return new DomainError('USER_EMAIL_TAKEN', 'A user with this e-mail address already exists.', {
    errors: [{ field: 'email', message: 'is already registered' }],
  });
}
