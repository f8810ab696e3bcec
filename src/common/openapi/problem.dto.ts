import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class FieldErrorDto {
  @ApiProperty({ example: 'establishments[0].languages' }) field: string;
  @ApiProperty({ example: 'must be an ISO 639-1 language code in lower case, e.g. en' }) message: string;
}

/** RFC 9457 problem details as this API sends them (content type application/problem+json). */
export class ProblemDto {
  @ApiProperty({ example: 'urn:evx:problem:validation-failed' }) type: string;
  @ApiProperty({ example: 'The request is not valid' }) title: string;
  @ApiProperty({ example: 400 }) status: number;
  @ApiProperty({ example: 'email: must be an e-mail address' }) detail: string;
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable machine-readable code' }) code: string;
  @ApiPropertyOptional({ example: '/api/v1/organisations' }) instance?: string;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'With VALIDATION_FAILED: every offending field' })
  errors?: FieldErrorDto[];
  @ApiPropertyOptional({ format: 'uuid', description: 'With INTERNAL_ERROR only: quote it when reporting' }) errorId?: string;
}
