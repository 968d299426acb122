export * from './search-document.js';
export * from './search-query.js';
export * from './search-engine.port.js';
export * from './document-builder.js';
export * from './authority-record.js';
export * from './authority-query.js';
