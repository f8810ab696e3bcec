import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** What a provider asks before it publishes: the SHA-256 of the bytes, and for an image its PDQ hash. */
export class StayDownMatchRequestDto {
  @ApiPropertyOptional({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', description: 'SHA-256 of the file, 64 hex digits: matches the very same bytes' })
  @IsOptional() @Matches(/^[0-9a-fA-F]{64}$/, { message: 'must be 64 hexadecimal digits (SHA-256)' })
  sha256?: string;

  @ApiPropertyOptional({ example: 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22', description: 'PDQ hash of an image, 64 hex digits: matches within Hamming distance 31' })
  @IsOptional() @Matches(/^[0-9a-fA-F]{64}$/, { message: 'must be 64 hexadecimal digits (a PDQ hash)' })
  pdq?: string;
}

export class StayDownMatchDto {
  @ApiProperty({ format: 'uuid' }) entryId: string;
  @ApiProperty({ format: 'date-time' }) addedAt: string;
  @ApiProperty({ example: 'EVX-2026-7KQ3M9XD', description: 'The removal order the content was removed under' }) orderReference: string;
  @ApiProperty({ description: 'The SHA-256 is the same: the very bytes that were removed' }) sha256: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'Hamming distance of the PDQ hash (0-31), null when only the SHA-256 matched' }) pdqDistance: number | null;
  @ApiProperty({ description: 'The content came from a certified account whose removal the issuer ordered with an override: look twice before blocking it' }) certifiedAccount: boolean;
}

export class StayDownMatchesDto {
  @ApiProperty({ type: [StayDownMatchDto] }) matches: StayDownMatchDto[];
}
