export * from './versions';
export * from './rules';
export * from './protocol';
export * from './checksum';
export * from './uuid';
export * from './case-flow';
