export * from './versions';
export * from './rules';
export * from './protocol';
export * from './checksum';
