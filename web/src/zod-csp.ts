// The web app shares pure domain modules, and some of them build zod schemas. zod compiles parsers
// with \`new Function\` unless told not to, which the app's content security policy refuses: turn
// that off before any other module runs (this is main.tsx's first import).
import { config } from 'zod';

config({ jitless: true });
