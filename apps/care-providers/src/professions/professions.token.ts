/** Injection token of the Professions catalogue (cd-hcparty + INAMI qualification map). */
export const PROFESSIONS = Symbol('PROFESSIONS');
