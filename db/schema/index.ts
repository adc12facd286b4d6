export * from './customers';
export * from './usage-events';
export * from './usage-summaries';
