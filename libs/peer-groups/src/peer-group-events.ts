import type { DomainEvent } from '@tongban/platform';

/** A meeting of a peer group was planned. */
export interface MeetingPlanned extends DomainEvent {
  readonly type: 'peer_group.meeting_planned';
  readonly meetingId: string;
  readonly createdBy: string;
}
