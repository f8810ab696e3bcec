import { mustEnrolSecondFactor, type Principal } from '../../common/auth/principal.js';
import type { AuthorityDto, ContactDto, EstablishmentDto, OrganisationDto, ProviderDirectoryEntryDto } from './dto/organisation.dto.js';
import type { MeDto, UserDto } from './dto/user.dto.js';
import type { EstablishmentEntity } from './entities/establishment.entity.js';
import type { OrganisationEntity } from './entities/organisation.entity.js';
import type { UserEntity } from './entities/user.entity.js';

/** Entities never leave the service layer: these are the only shapes the API answers with. */

const ESTABLISHMENT_ORDER = ['DESIGNATED_ESTABLISHMENT', 'LEGAL_REPRESENTATIVE', 'MAIN_ESTABLISHMENT'];

function mapEstablishments(establishments: EstablishmentEntity[] = []): EstablishmentDto[] {
  return [...establishments]
    .sort((a, b) => a.country.localeCompare(b.country) || ESTABLISHMENT_ORDER.indexOf(a.role) - ESTABLISHMENT_ORDER.indexOf(b.role))
    .map(({ country, role, languages }) => ({ country, role, languages }));
}

export function mapContact(organisation: Pick<OrganisationEntity, 'contactEmail' | 'contactPhone' | 'contactAddress'>): ContactDto {
  return { email: organisation.contactEmail ?? null, phone: organisation.contactPhone ?? null, address: organisation.contactAddress ?? null };
}

export function mapOrganisation(organisation: OrganisationEntity): OrganisationDto {
  return {
    id: organisation.id,
    name: organisation.name,
    kind: organisation.kind,
    country: organisation.country,
    ...(organisation.authorityType ? { authorityType: organisation.authorityType } : {}),
    designations: [...(organisation.designations ?? [])],
    languages: [...(organisation.languages ?? [])],
    contact: mapContact(organisation),
    cgnatOperator: organisation.cgnatOperator,
    services: [...(organisation.services ?? [])],
    establishments: mapEstablishments(organisation.establishments),
    requireTotp: organisation.requireTotp,
    suspension: organisation.suspendedAt ? { suspendedAt: organisation.suspendedAt.toISOString(), reason: organisation.suspensionReason ?? '' } : null,
    createdAt: organisation.createdAt.toISOString(),
  };
}

export function mapAuthority(organisation: OrganisationEntity): AuthorityDto {
  return {
    id: organisation.id,
    name: organisation.name,
    country: organisation.country ?? '',
    authorityType: organisation.authorityType!,
    designations: [...(organisation.designations ?? [])],
    languages: [...(organisation.languages ?? [])],
    contact: mapContact(organisation),
  };
}

export function mapProviderEntry(organisation: OrganisationEntity): ProviderDirectoryEntryDto {
  return {
    id: organisation.id,
    name: organisation.name,
    country: organisation.country ?? '',
    cgnatOperator: organisation.cgnatOperator,
    services: [...(organisation.services ?? [])],
    establishments: mapEstablishments(organisation.establishments),
  };
}

export function mapUser(user: UserEntity): UserDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    function: user.function ?? null,
    roles: user.roles,
    organisationId: user.organisationId,
    active: user.active,
    totpEnabled: Boolean(user.totpEnabledAt),
    createdAt: user.createdAt.toISOString(),
  };
}

export function mapMe(principal: Principal, userFunction: string | null): MeDto {
  return {
    user: { id: principal.userId, email: principal.email, name: principal.name, function: userFunction, roles: principal.roles, totpEnabled: principal.totpEnabled },
    organisation: {
      id: principal.organisationId,
      name: principal.organisationName,
      kind: principal.organisationKind,
      country: principal.organisationCountry,
      ...(principal.authorityType ? { authorityType: principal.authorityType } : {}),
      requireTotp: principal.organisationRequiresTotp,
    },
    totpEnrolmentRequired: mustEnrolSecondFactor(principal),
  };
}
