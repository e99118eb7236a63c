import { useRef } from 'react';

/** A fresh random key (for requests that keep their own keys, such as one per item of a batch). */
export function newIdempotencyKey(): string {
  // crypto.randomUUID needs a secure context; a clinic LAN may serve plain HTTP.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * An `Idempotency-Key` per request body: sending the same body again (a retry
 * after a lost answer) reuses the key, so the record is created once.
 */
export function useIdempotencyKey(): { keyFor(body: unknown): string; reset(): void } {
  const last = useRef<{ body: string; key: string } | null>(null);
  return {
    keyFor(body) {
      const json = JSON.stringify(body);
      if (last.current?.body !== json) last.current = { body: json, key: newIdempotencyKey() };
      return last.current.key;
    },
    reset() {
      last.current = null;
    },
  };
}
