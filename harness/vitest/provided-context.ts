import type { DependencyInfos } from '../deps/types.ts';

declare module 'vitest' {
  interface ProvidedContext {
    /** Connection details of the servers the module run started (or reused). */
    wbDeps: DependencyInfos;
    /** The module being graded, e.g. `01-rest-api`. */
    wbModule: string;
  }
}

export {};
