export * from './errors/index';
export * from './types/index';
