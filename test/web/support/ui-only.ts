import { startWebSuite, type WebSuite } from './browser';

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

/** A suite of days walked in the web app: its app and browser, and the way it closes the API to the test. */
export interface DayWalk {
  readonly suite: WebSuite;
  readonly t: WebSuite['t'];
  /** From here on the test reaches the application through the browser only (until the test ends). */
  uiOnly(): void;
  /** Opens the API and the database to the test again before the test ends. */
  reopen(): void;
}

/**
 * Starts the app and the browser for the describe block it is called in (closed after it), and opens the API
 * to the test again after each test that closed it with {@link DayWalk.uiOnly}.
 */
export function dayWalk(): DayWalk {
  let started: WebSuite | undefined;
  let reopenApi: (() => void) | undefined;
  const reopen = () => {
    reopenApi?.();
    reopenApi = undefined;
  };
  beforeAll(async () => {
    started = await startWebSuite();
  });
  afterEach(reopen);
  afterAll(() => started?.close());
  const walk: DayWalk = {
    get suite() {
      if (!started) throw new Error('the web suite has not started');
      return started;
    },
    get t() {
      return walk.suite.t;
    },
    uiOnly() {
      reopenApi = closeApiToTest(walk.suite);
    },
    reopen,
  };
  return walk;
}
