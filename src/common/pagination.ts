import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { isOffsetTimestamp } from '../../libs/domain/order-content.js';
import { validationError } from './errors/api-error.js';
import { unstorableStrings } from './validation/unstorable-strings.js';

/** `?limit=&cursor=` on every list (docs/api.md, "Conventions"). */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from a previous page\'s `nextCursor`.' })
  @IsOptional() @IsString() @MaxLength(512)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Keyset cursors: the sort key of the last item, opaque to clients. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * What each part of a keyset cursor holds: free text (a name), a timestamp (an ISO instant as
 * toISOString writes it) or a row id. The parts go into a query as parameters, so each is
 * checked for what the column takes before it gets there.
 */
export type CursorPart = 'text' | 'timestamp' | 'uuid';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TEXT_MAX = 512;

function fits(part: unknown, kind: CursorPart): boolean {
  if (typeof part !== 'string') return false;
  switch (kind) {
    case 'uuid':
      return UUID.test(part);
    case 'timestamp':
      return isOffsetTimestamp(part);
    case 'text':
      return part.length <= TEXT_MAX && unstorableStrings(part).length === 0;
  }
}

/**
 * The key of a cursor this list issued, each part checked against `parts`; anything else is a
 * 400 naming `cursor`. Validated rather than signed: the query is scoped to what the caller may
 * see whatever the cursor says, so a forged cursor can only move within that; checking the
 * shape is what keeps it from becoming a 500, and needs no key to share or rotate. A bare
 * count `n` means n - 1 text parts and the row id last (prefer naming the parts).
 */
export function decodeCursor(cursor: string | undefined, kinds: readonly CursorPart[]): (string | number)[] | undefined {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (Array.isArray(key) && key.length === kinds.length && key.every((part, index) => fits(part, kinds[index]))) return key as string[];
  throw validationError([{ field: 'cursor', message: 'is not a cursor this list issued: pass nextCursor from the previous page as it came' }]);
}
