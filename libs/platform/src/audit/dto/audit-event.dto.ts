import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AuditEvent } from '../entities/audit-event.entity';

export class AuditEventDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorId!: string | null;
  @ApiProperty({ nullable: true, type: String }) actorRole!: string | null;
  @ApiProperty({ example: 'staff.create' }) action!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) clinicId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) clientId!: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: "The client's code (`KM01-000123`) where the caller may see that client; null otherwise or without a client.",
  })
  clientCode?: string | null;
  @ApiProperty({
    type: [String],
    nullable: true,
    description: 'A list read: the clients it showed (the event is in the access log of each of them).',
  })
  clientIds!: string[] | null;
  @ApiProperty({ nullable: true, type: String }) targetType!: string | null;
  @ApiProperty({ nullable: true, type: String }) targetId!: string | null;
  @ApiProperty({ nullable: true, enum: ['care_team', 'role', 'consent', 'emergency', 'guest_dosing'] }) grounds!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) requestId!: string | null;

  static from(event: AuditEvent): AuditEventDto {
    return {
      id: event.id,
      occurredAt: event.occurredAt.toISOString(),
      actorId: event.actorId,
      actorRole: event.actorRole,
      action: event.action,
      clinicId: event.clinicId,
      clientId: event.clientId,
      clientIds: event.clientIds,
      targetType: event.targetType,
      targetId: event.targetId,
      grounds: event.grounds,
      details: event.details,
      requestId: event.requestId,
    };
  }
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto] }) items!: AuditEventDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
