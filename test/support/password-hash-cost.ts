// A vitest set-up file: passwords hashed by the tests' own processes (services, in-process servers,
// browser tests) use argon2id's smallest cost. Signing in is most of what some files do, and at the
// product's cost each hash takes about half a second of CPU. Processes the tests spawn (the CLI)
// keep the product's cost.
import { setPasswordHashCost } from '../../src/services/credentials.js';

setPasswordHashCost({ memoryCost: 1024, timeCost: 1, parallelism: 1 });
