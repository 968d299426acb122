export * from './period.js';
export * from './authority.js';
export * from './agrement-type.js';
export * from './holding.js';
export * from './availability.js';
