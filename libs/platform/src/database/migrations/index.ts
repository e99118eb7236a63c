import { Foundation1795858967619 } from './1795858967619-Foundation';

/** Every migration, in order. A new one is generated (npm run migration:generate) and added here. */
export const MIGRATIONS: Array<new () => object> = [Foundation1795858967619];
