// A unique-key violation → a 409 naming the field whose key it is, read from the constraint's name.
import { AppError } from '../domain/errors.js';

const isUniqueViolation = (err: unknown): err is { code: string; constraint?: string } =>
  (err as { code?: unknown }).code === '23505';

/**
 * A `.catch` for an insert or update: a violation of one of `constraints` (name → field) becomes a
 * `conflict` AppError on that field; any other error is rethrown as is.
 */
export function conflictOn(what: string, constraints: Record<string, string>) {
  return (err: unknown): never => {
    const field = isUniqueViolation(err) ? constraints[err.constraint ?? ''] : undefined;
    if (field === undefined) throw err;
    throw new AppError('conflict', `Another ${what} already has this ${field}.`, [
      { field, message: `is already used by another ${what}` },
    ]);
  };
}
