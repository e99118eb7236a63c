import { Foundation1795859533831 } from './1795859533831-Foundation';

/** Every migration, in order. A new one is generated (npm run migration:generate) and added here. */
export const MIGRATIONS: Array<new () => object> = [Foundation1795859533831];
