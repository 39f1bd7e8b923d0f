import { ValidationError, ValidationPipe } from '@nestjs/common';
import { RequestError } from './domain-error.js';

/** Flattens class-validator errors to "field.path: rule message" lines. */
export function describeValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => `${path}: ${message}`);

    return [...own, ...describeValidationErrors(error.children ?? [], path)];
  });
}

/**
 * The global request validator. Unknown properties are stripped rather than rejected, because existing
 * router clients still send fields that later API versions dropped (for example `phone` and `fax`).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => RequestError.validationFailed(describeValidationErrors(errors).join('; ')),
  });
}
