export * from './permissions';
export * from './verdict';
