import { createElement, lazy, type ComponentType } from 'react';

/** A screen whose code is loaded when first shown, or earlier through {@link LazyScreen.preload}. */
export interface LazyScreen {
  (): ReturnType<typeof createElement>;
  /** Loads the screen's code; shown afterwards, it renders at once. Never rejects: a failed load is tried again when shown. */
  preload(): Promise<void>;
}

/**
 * `React.lazy` with a preload. A lazy component suspends the first time it renders even when its code has already
 * arrived, and React then holds the screen behind the fallback for at least 300 ms (its throttle for revealing
 * suspended content): a screen preloaded before it is first shown renders without suspending.
 */
export function lazyScreen(load: () => Promise<{ default: ComponentType }>): LazyScreen {
  let loaded: ComponentType | undefined;
  const Lazy = lazy(async () => {
    const module = await load();
    loaded = module.default;
    return module;
  });
  const Screen = () => createElement(loaded ?? Lazy);
  return Object.assign(Screen, {
    preload: () =>
      load().then(
        (module) => {
          loaded = module.default;
        },
        () => undefined,
      ),
  });
}
