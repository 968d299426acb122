export * from './nihii.js';
export * from './professions.js';
export * from './care-provider.js';
export * from './practice.js';
