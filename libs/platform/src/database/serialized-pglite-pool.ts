import { PGlitePool } from 'typeorm-pglite/dist/pglite-pool';

type ConnectCallback = Parameters<PGlitePool['connect']>[0];

/**
 * PGlite has a single connection. typeorm-pglite hands that one connection to
 * every query runner at once, so two concurrent transactions would interleave
 * on it. This pool lends the connection to one query runner at a time: the
 * next caller waits until the previous one released it.
 */
export class SerializedPGlitePool extends PGlitePool {
  private tail: Promise<void> = Promise.resolve();

  override connect(callback: ConnectCallback): Promise<void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => held);
    let released = false;
    const releaseOnce = (): void => {
      if (!released) {
        released = true;
        release();
      }
    };
    return previous.then(() =>
      super.connect((error, client) => {
        if (error) releaseOnce();
        callback(error, client, releaseOnce);
      }),
    );
  }
}
