import type { PublicEntityType } from '@care/contracts';

/** Kinds of public state the search projection keeps (table `search.source`): the public entity types. */
export type SourceKind = PublicEntityType;
