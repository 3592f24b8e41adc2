// A tiny observable value with a Preact hook: enough state management for this app.
import { useEffect, useState } from 'preact/hooks';

export interface Signal<T> {
  get(): T;
  set(value: T): void;
  subscribe(fn: (value: T) => void): () => void;
}

export function signal<T>(value: T): Signal<T> {
  const listeners = new Set<(value: T) => void>();
  return {
    get: () => value,
    set(next) {
      value = next;
      listeners.forEach((fn) => fn(next));
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}

export function useSignal<T>(s: Signal<T>): T {
  const [, setTick] = useState(0);
  const value = s.get();
  useEffect(() => {
    const stop = s.subscribe(() => setTick((n) => n + 1));
    if (s.get() !== value) setTick((n) => n + 1); // changed between render and this effect
    return stop;
  }, [s]);
  return value;
}
