import { ValidationError, ValidationPipe } from '@nestjs/common';
import { RequestError } from './domain-error.js';

/**
 * Flattens class-validator errors to "field.path: rule message" lines. A missing value gets the single
 * line "is required" instead of every rule it fails, and repeated lines are dropped.
 */
export function describeValidationErrors(errors: ValidationError[], parent = ''): string[] {
  const lines = errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    if ((error.value === undefined || error.value === null) && error.constraints) return [`${path}: is required`];

    const own = Object.values(error.constraints ?? {}).map((message) => `${path}: ${message}`);

    return [...own, ...describeValidationErrors(error.children ?? [], path)];
  });

  return [...new Set(lines)];
}

/**
 * The global request validator. Unknown properties are stripped rather than rejected, because existing
 * router clients still send fields that later API versions dropped (for example `phone` and `fax`).
 * Values are kept on the validation errors only to tell a missing field from a wrong one. Messages never
 * echo them, so passwords stay out of responses and logs.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    transform: true,
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => RequestError.validationFailed(describeValidationErrors(errors).join('; ')),
  });
}
