/** Query keys of the assessments: under the client's key, so a change to the client refreshes them too. */
export const assessmentsKey = (clientId: string) => ['clients', clientId, 'assessments'] as const;
export const instrumentsKey = ['assessment-instruments'] as const;
