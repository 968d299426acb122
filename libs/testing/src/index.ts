export * from './test-database.js';
export * from './skip.js';
