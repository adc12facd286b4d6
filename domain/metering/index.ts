export * from './dimensions';
export * from './timeline';
export * from './metering-state';
export * from './usage-report';
export * from './sequencer';
export * from './burst-usage';
