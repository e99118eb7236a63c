import { ApiProperty } from '@nestjs/swagger';
import { Clinic } from '../entities/clinic.entity';

export class ClinicSettingsDto {
  @ApiProperty() timeZone!: string;
  @ApiProperty() missedDosesAssess!: number;
  @ApiProperty() missedDosesRetitrate!: number;
  @ApiProperty() dropoutDays!: number;
  @ApiProperty({ description: 'Days from a care plan’s latest review (or its start) to the next one due.' }) carePlanReviewDays!: number;
  @ApiProperty({ example: '21:00' }) quietHoursStart!: string;
  @ApiProperty({ example: '08:00' }) quietHoursEnd!: string;
  @ApiProperty({ minimum: 0, maximum: 8, description: 'Random urine tests asked of each client in treatment a month.' })
  drugTestsPerMonth!: number;

  static from(clinic: Clinic): ClinicSettingsDto {
    return {
      timeZone: clinic.timeZone,
      missedDosesAssess: clinic.missedDosesAssess,
      missedDosesRetitrate: clinic.missedDosesRetitrate,
      dropoutDays: clinic.dropoutDays,
      carePlanReviewDays: clinic.carePlanReviewDays,
      quietHoursStart: clinic.quietHoursStart,
      quietHoursEnd: clinic.quietHoursEnd,
      drugTestsPerMonth: clinic.drugTestsPerMonth,
    };
  }
}

export class ClinicDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'KM01' }) code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone!: string;
  @ApiProperty({ type: ClinicSettingsDto }) settings!: ClinicSettingsDto;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(clinic: Clinic): ClinicDto {
    return {
      id: clinic.id,
      code: clinic.code,
      name: clinic.name,
      timeZone: clinic.timeZone,
      settings: ClinicSettingsDto.from(clinic),
      createdAt: clinic.createdAt.toISOString(),
    };
  }
}

export class ClinicPageDto {
  @ApiProperty({ type: [ClinicDto] }) items!: ClinicDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
