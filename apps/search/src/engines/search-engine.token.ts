/** Injection token of the configured SearchEngine. */
export const SEARCH_ENGINE = Symbol('SEARCH_ENGINE');
