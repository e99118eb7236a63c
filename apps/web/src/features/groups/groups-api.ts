import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, ok, type Schemas } from '../../api/client';
import { allPages } from '../../api/pages';

export type PeerGroup = Schemas['PeerGroupDto'];
export type Member = Schemas['MemberDto'];
export type Meeting = Schemas['MeetingDto'];
export type AttendanceStatus = Schemas['AttendanceRecordDto']['status'];
export type AbsenceReason = NonNullable<Schemas['AttendanceRecordDto']['reason']>;
export type Weekday = NonNullable<PeerGroup['meetingDay']>;

export const WEEKDAYS: Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
export const STATUSES: AttendanceStatus[] = ['present', 'absent', 'excused'];
export const ABSENCE_REASONS: AbsenceReason[] = ['work', 'transport', 'health', 'privacy', 'not_interested', 'other'];

/** The API's largest page: lists that belong on one screen are read in as few requests as possible. */
const PAGE = 200;

export const groupKeys = {
  all: ['peer-groups'] as const,
  group: (groupId: string) => ['peer-groups', groupId] as const,
  members: (groupId: string) => ['peer-groups', groupId, 'members'] as const,
  meetings: (groupId: string) => ['peer-groups', groupId, 'meetings'] as const,
  meeting: (groupId: string, meetingId: string) => ['peer-groups', groupId, 'meeting', meetingId] as const,
  attendance: (groupId: string, meetingId: string) => ['peer-groups', groupId, 'meeting', meetingId, 'attendance'] as const,
  leaders: (clinicId: string) => ['staff', clinicId, 'peer_leader'] as const,
};

/** The groups the caller may see: a peer leader's own, or all of the coordinator's clinic. */
export function useGroups() {
  return useQuery({
    queryKey: groupKeys.all,
    queryFn: () => allPages((cursor) => ok(api.GET('/api/v1/peer-groups', { params: { query: { limit: PAGE, cursor } } }))),
  });
}

export function useGroup(groupId: string) {
  return useQuery({
    queryKey: groupKeys.group(groupId),
    queryFn: () => ok(api.GET('/api/v1/peer-groups/{id}', { params: { path: { id: groupId } } })),
  });
}

/** Current members with peer-support consent, as the API shows them to the caller (a peer leader: code and preferred name). */
export function useMembers(groupId: string) {
  return useQuery({
    queryKey: groupKeys.members(groupId),
    queryFn: () =>
      allPages((cursor) =>
        ok(api.GET('/api/v1/peer-groups/{id}/members', { params: { path: { id: groupId }, query: { limit: PAGE, cursor } } })),
      ),
  });
}

/** Meetings newest first, a page at a time (a group meets for years). */
export function useMeetings(groupId: string) {
  return useInfiniteQuery({
    queryKey: groupKeys.meetings(groupId),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      ok(api.GET('/api/v1/peer-groups/{id}/meetings', { params: { path: { id: groupId }, query: { limit: 20, cursor: pageParam } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

/** One meeting of the group (the API has no single-meeting route: its pages are read until it is found). */
export function useMeeting(groupId: string, meetingId: string) {
  return useQuery({
    queryKey: groupKeys.meeting(groupId, meetingId),
    queryFn: async (): Promise<Meeting | null> => {
      let cursor: string | undefined;
      do {
        const page = await ok(
          api.GET('/api/v1/peer-groups/{id}/meetings', { params: { path: { id: groupId }, query: { limit: PAGE, cursor } } }),
        );
        const found = page.items.find((meeting) => meeting.id === meetingId);
        if (found) return found;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return null;
    },
  });
}

export function useAttendance(groupId: string, meetingId: string) {
  return useQuery({
    queryKey: groupKeys.attendance(groupId, meetingId),
    queryFn: () =>
      ok(api.GET('/api/v1/peer-groups/{id}/meetings/{meetingId}/attendance', { params: { path: { id: groupId, meetingId } } })),
  });
}

/** The clinic's peer leaders, active or not (coordinators only: peer leaders cannot list staff). */
export function useLeaders(clinicId: string | null, enabled: boolean) {
  return useQuery({
    queryKey: groupKeys.leaders(clinicId ?? ''),
    enabled: enabled && clinicId !== null,
    queryFn: async () => {
      const staff = await allPages((cursor) =>
        ok(api.GET('/api/v1/staff', { params: { query: { clinicId: clinicId ?? undefined, role: 'peer_leader', limit: PAGE, cursor } } })),
      );
      return staff.filter((member) => member.role === 'peer_leader');
    },
  });
}
