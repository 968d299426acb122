/** Injection token of the validated organisations configuration. */
export const ORGANISATIONS_CONFIG = Symbol('ORGANISATIONS_CONFIG');
