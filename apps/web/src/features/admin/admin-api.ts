import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, ok, type Schemas } from '../../api/client';
import { allPages } from '../../api/pages';

export type Clinic = Schemas['ClinicDto'];
export type Staff = Schemas['StaffDto'];
export type Role = Staff['role'];

export const ROLES: Role[] = ['coordinator', 'physician', 'nurse', 'counselor', 'peer_leader', 'admin'];

/** The staff page's selector: a clinic's id, or the administrators (who belong to none). */
export const ADMINS = 'admins';

export const adminKeys = {
  clinics: ['clinics'] as const,
  allClinics: ['clinics', 'all'] as const,
  staff: (selection: string) => ['staff', selection] as const,
};

/** Clinics a page at a time, for the clinics table. */
export function useClinicPages() {
  return useInfiniteQuery({
    queryKey: adminKeys.clinics,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => ok(api.GET('/api/v1/clinics', { params: { query: { limit: 50, cursor: pageParam } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

/** Every clinic, for selectors (a province has hundreds, not thousands). */
export function useAllClinics() {
  return useQuery({
    queryKey: adminKeys.allClinics,
    queryFn: (): Promise<Clinic[]> => allPages((cursor) => ok(api.GET('/api/v1/clinics', { params: { query: { limit: 200, cursor } } }))),
  });
}

/** A clinic's staff, or the administrators, a page at a time. */
export function useStaffPages(selection: string) {
  return useInfiniteQuery({
    queryKey: adminKeys.staff(selection),
    enabled: selection !== '',
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      ok(
        api.GET('/api/v1/staff', {
          params: {
            query:
              selection === ADMINS
                ? { role: 'admin', limit: 100, cursor: pageParam }
                : { clinicId: selection, limit: 100, cursor: pageParam },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function clinicLabel(clinic: Clinic): string {
  return `${clinic.code} · ${clinic.name}`;
}
