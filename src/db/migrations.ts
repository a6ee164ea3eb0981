import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** migrations/ at the package's root: the one folder both the embedded database and Postgres migrate from. */
export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations');
