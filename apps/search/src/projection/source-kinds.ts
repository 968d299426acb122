/** Kinds of public state the search projection keeps (table `search.source`). */
export const SOURCE_KINDS = ['site', 'organisation', 'category', 'sector', 'provider', 'practice', 'authority', 'agrement-type', 'holding'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
