import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STATUSES } from './list-clients-query.dto';
import { LANGUAGES, SEXES } from './register-client.dto';

/** What a peer leader sees: the pseudonym and the name the client chose. */
export class ClientPseudonymDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'KM01-000123' }) code!: string;
  @ApiProperty({ nullable: true, type: String }) preferredName!: string | null;
}

/** What clinical staff who are not on the care team see (physicians, nurses): identity without contact details. */
export class ClientClinicalDto extends ClientPseudonymDto {
  @ApiProperty({ format: 'uuid' }) clinicId!: string;
  @ApiProperty() givenName!: string;
  @ApiProperty() familyName!: string;
  @ApiProperty({ format: 'date' }) dateOfBirth!: string;
  @ApiProperty({ enum: SEXES }) sex!: string;
  @ApiProperty({ enum: LANGUAGES }) preferredLanguage!: string;
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiProperty({ description: 'Whether the client has a photo (GET /clients/:id/photo).' }) hasPhoto!: boolean;
}

/** The whole record: coordinators, the care team's counselors, emergency access. */
export class ClientDto extends ClientClinicalDto {
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ nullable: true, type: String }) nationalId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export type AnyClientDto = ClientDto | ClientClinicalDto | ClientPseudonymDto;

/**
 * What a caseload list adds to each client, from the areas above the record,
 * each field only where the caller may read that kind of the client's data.
 */
export class CaseloadFactsDto {
  @ApiPropertyOptional({
    enum: ['ok', 'assess', 'retitrate', 'dropped_out'],
    nullable: true,
    type: String,
    description:
      'The missed-dose flag today, as GET /clients/:id/dosing-status gives it; null for a client not in treatment. Only for callers who may read the client’s dosing.',
  })
  flag?: 'ok' | 'assess' | 'retitrate' | 'dropped_out' | null;

  @ApiPropertyOptional({
    format: 'date',
    nullable: true,
    type: String,
    description: 'The date of the latest counseling session; null without one. Only for callers who may read the client’s counseling.',
  })
  lastSessionDate?: string | null;

  @ApiPropertyOptional({
    format: 'date-time',
    nullable: true,
    type: String,
    description:
      'The next appointment still to come that a counseling session set (its nextAppointmentAt); null without one. Only for callers who may read the client’s counseling.',
  })
  nextAppointmentAt?: string | null;
}

/** A client of a list: the fields of the caller's view, and the caseload's facts the caller may read. */
export class ClientListItemDto extends ClientDto {
  @ApiPropertyOptional({
    enum: ['ok', 'assess', 'retitrate', 'dropped_out'],
    nullable: true,
    type: String,
    description: 'See CaseloadFactsDto.',
  })
  flag?: 'ok' | 'assess' | 'retitrate' | 'dropped_out' | null;
  @ApiPropertyOptional({ format: 'date', nullable: true, type: String, description: 'See CaseloadFactsDto.' })
  lastSessionDate?: string | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String, description: 'See CaseloadFactsDto.' })
  nextAppointmentAt?: string | null;
}

export class ClientPageDto {
  @ApiProperty({
    description:
      'Items carry the fields of the caller’s view (ClientDto, ClientClinicalDto or ClientPseudonymDto) and, where the caller may read them, ' +
      'the caseload’s facts: `flag` (dosing), `lastSessionDate` and `nextAppointmentAt` (counseling).',
    type: [ClientListItemDto],
  })
  items!: AnyClientDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class AccessLogEntryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorId!: string | null;
  @ApiProperty({ nullable: true, type: String }) actorName!: string | null;
  @ApiProperty({ nullable: true, type: String }) actorRole!: string | null;
  @ApiProperty() action!: string;
  @ApiProperty({ enum: ['care_team', 'role', 'consent', 'emergency', 'guest_dosing'], nullable: true, type: String }) grounds!:
    string | null;
}

export class AccessLogPageDto {
  @ApiProperty({ type: [AccessLogEntryDto] }) items!: AccessLogEntryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class EmergencyAccessReviewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty() clientCode!: string;
  @ApiProperty({ format: 'uuid' }) staffId!: string;
  @ApiProperty() staffName!: string;
  @ApiProperty() staffRole!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) grantedAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty({ description: 'The same staff member opened this client in the 24 hours before this grant.' }) renewal!: boolean;
}

export class EmergencyAccessReviewPageDto {
  @ApiProperty({ type: [EmergencyAccessReviewDto] }) items!: EmergencyAccessReviewDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
