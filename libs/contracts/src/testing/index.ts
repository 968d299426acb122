export * from './fixtures.js';
export * from './generated-entities.js';
