export * from './organisation/enterprise-number.js';
export * from './organisation/organisation.js';
export * from './site/site-input.schema.js';
export * from './site/site.js';
export * from './taxonomy/taxonomy.js';
export * from './reference/reference-item.js';
export * from './text/searchable.js';
export * from './legacy/legacy-record.js';
