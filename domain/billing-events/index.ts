export * from './event-types';
export * from './record-kinds';
export * from './delivery-steps';
