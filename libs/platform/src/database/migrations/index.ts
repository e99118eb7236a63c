import { Foundation1795859533831 } from './1795859533831-Foundation';
import { ClientsAndConsent1795861079689 } from './1795861079689-ClientsAndConsent';
import { SealIdempotentAnswers1795862108135 } from './1795862108135-SealIdempotentAnswers';
import { Dosing1795863314424 } from './1795863314424-Dosing';
import { SupportAroundTheClient1795867907201 } from './1795867907201-SupportAroundTheClient';
import { Reminders1795870007624 } from './1795870007624-Reminders';
import { ReminderAttemptInFlight1795879206052 } from './1795879206052-ReminderAttemptInFlight';
import { AuditLinkHash1795890113651 } from './1795890113651-AuditLinkHash';
import { ClientPhoto1796531875770 } from './1796531875770-ClientPhoto';

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
  ClientPhoto1796531875770,
];
