export * from './customers';
export * from './usage-events';
export * from './usage-summaries';
export * from './plans';
export * from './prices';
export * from './subscriptions';
export * from './invoices';
export * from './invoice-lines';
