import { useMutation, type DefaultError, type UseMutationOptions, type UseMutationResult } from '@tanstack/react-query';
import { ok, type Result } from './client';
import { useIdempotencyKey } from './idempotency';

/** The header a create request carries its key in. */
export interface IdempotencyHeader {
  'Idempotency-Key': string;
}

/**
 * A create request as a mutation. The same body sent again (a retry after a
 * lost answer) carries the same `Idempotency-Key`, so the record is created
 * once; after a success the key is dropped, so the same body typed again on
 * purpose creates a second record.
 *
 * `send` makes the typed call (path, path parameters, body) with the header it
 * is given; a problem+json answer fails the mutation as with {@link ok}.
 */
export function useIdempotentCreate<Body, Created>(
  send: (body: Body, header: IdempotencyHeader) => Promise<Result<Created>>,
  options: Omit<UseMutationOptions<Created, DefaultError, Body>, 'mutationFn'> = {},
): UseMutationResult<Created, DefaultError, Body> {
  const idempotency = useIdempotencyKey();
  return useMutation({
    ...options,
    mutationFn: (body) => ok(send(body, { 'Idempotency-Key': idempotency.keyFor(body) })),
    onSuccess: (...args) => {
      idempotency.reset();
      return options.onSuccess?.(...args);
    },
  });
}
