import type { WebSuite } from './browser';

/**
 * Closes the test's own ways into the application (its HTTP client and its
 * database connection) once a day's set-up is done: from then on every step
 * and every check must go through the browser, and a step that still needs
 * the API fails the test, naming what it tried. Returns what reopens them
 * (for `afterEach`, so the next test can set itself up).
 */
export function closeApiToTest(suite: WebSuite): () => void {
  const t = suite.t;
  const { http, dataSource } = t;
  const refuse = (way: string) =>
    new Proxy(
      {},
      {
        get(_target, property) {
          throw new Error(`a day's walk uses the web app only: the test reached for ${way}.${String(property)} after its set-up`);
        },
      },
    );
  t.http = refuse('http') as typeof http;
  t.dataSource = refuse('dataSource') as typeof dataSource;
  return () => {
    t.http = http;
    t.dataSource = dataSource;
  };
}
