import { useQuery } from '@tanstack/react-query';
import { api, ok, type Schemas } from '../../api/client';
import { can, useUser } from '../../auth/session';

export const DRUG_TESTS_DUE_KEY = ['drug-tests', 'due'] as const;
export type DueItem = Schemas['DrugTestDueItemDto'];

/** Today's drug tests due (nurse, coordinator): by client id, for the dispensing window's rows. */
export function useDrugTestsDue(): Map<string, DueItem> {
  const user = useUser();
  const due = useQuery({
    queryKey: DRUG_TESTS_DUE_KEY,
    enabled: can(user, 'drug_test.due'),
    queryFn: () => ok(api.GET('/api/v1/drug-tests/due')),
    refetchInterval: 60_000,
  });
  return new Map((due.data?.items ?? []).map((item) => [item.clientId, item]));
}
