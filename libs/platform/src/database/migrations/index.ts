import { Foundation1795859533831 } from './1795859533831-Foundation';
import { ClientsAndConsent1795861079689 } from './1795861079689-ClientsAndConsent';
import { SealIdempotentAnswers1795862108135 } from './1795862108135-SealIdempotentAnswers';
import { Dosing1795863314424 } from './1795863314424-Dosing';
import { SupportAroundTheClient1795867907201 } from './1795867907201-SupportAroundTheClient';
import { Reminders1795870007624 } from './1795870007624-Reminders';
import { ReminderAttemptInFlight1795879206052 } from './1795879206052-ReminderAttemptInFlight';
import { AuditLinkHash1795890113651 } from './1795890113651-AuditLinkHash';
import { IdempotencyClaimLease1795900000000 } from './1795900000000-IdempotencyClaimLease';
import { AuditListReads1795900000001 } from './1795900000001-AuditListReads';
import { DoseVoidsAndOrderEnds1796531645749 } from './1796531645749-DoseVoidsAndOrderEnds';
import { ClientPhoto1796531875770 } from './1796531875770-ClientPhoto';
import { ConsentReferralScope1796534196996 } from './1796534196996-ConsentReferralScope';
import { DataKeyCheck1796540000000 } from './1796540000000-DataKeyCheck';
import { StaffMustChangePassword1796542000000 } from './1796542000000-StaffMustChangePassword';
import { AbsenceReasonsAndInteractionInitiator1796543000000 } from './1796543000000-AbsenceReasonsAndInteractionInitiator';
import { ClinicDrugTestsPerMonth1796600000000 } from './1796600000000-ClinicDrugTestsPerMonth';
import { DrugTests1796600000001 } from './1796600000001-DrugTests';
import { Assessments1796700000000 } from './1796700000000-Assessments';
import { ClinicCarePlanReviewDays1796800000000 } from './1796800000000-ClinicCarePlanReviewDays';
import { CarePlans1796800100000 } from './1796800100000-CarePlans';
import { Referrals1796800200000 } from './1796800200000-Referrals';
import { SmsTemplates1796950000000 } from './1796950000000-SmsTemplates';
import { ReminderProviderErrorCode1796950001000 } from './1796950001000-ReminderProviderErrorCode';
import { GuestDosing1796980000000 } from './1796980000000-GuestDosing';
import { ClientTransfers1796980100000 } from './1796980100000-ClientTransfers';
import { ResearchProjects1797000000000 } from './1797000000000-ResearchProjects';
import { DoseDispensingClinic1797000200000 } from './1797000200000-DoseDispensingClinic';

/** Every migration, in order. A new one is generated (npm run migration:generate) and added here. */
export const MIGRATIONS: Array<new () => object> = [
  Foundation1795859533831,
  ClientsAndConsent1795861079689,
  SealIdempotentAnswers1795862108135,
  Dosing1795863314424,
  SupportAroundTheClient1795867907201,
  Reminders1795870007624,
  ReminderAttemptInFlight1795879206052,
  AuditLinkHash1795890113651,
  IdempotencyClaimLease1795900000000,
  AuditListReads1795900000001,
  DoseVoidsAndOrderEnds1796531645749,
  ClientPhoto1796531875770,
  ConsentReferralScope1796534196996,
  DataKeyCheck1796540000000,
  StaffMustChangePassword1796542000000,
  AbsenceReasonsAndInteractionInitiator1796543000000,
  ClinicDrugTestsPerMonth1796600000000,
  DrugTests1796600000001,
  Assessments1796700000000,
  ClinicCarePlanReviewDays1796800000000,
  CarePlans1796800100000,
  Referrals1796800200000,
  SmsTemplates1796950000000,
  ReminderProviderErrorCode1796950001000,
  GuestDosing1796980000000,
  ClientTransfers1796980100000,
  ResearchProjects1797000000000,
  DoseDispensingClinic1797000200000,
];
