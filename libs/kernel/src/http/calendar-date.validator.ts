import { ValidateBy, ValidationOptions } from 'class-validator';

/** True for a real calendar date written yyyy-MM-dd, such as 2028-02-29 but not 2027-02-29. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value)) return false;

  const parsed = new Date(`${value}T00:00:00Z`);

  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** Requires a calendar date in the yyyy-MM-dd form that the router's API uses for every date. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value) => isCalendarDate(value),
        defaultMessage: () => 'must be a date in the form yyyy-MM-dd, for example 2030-12-31',
      },
    },
    options,
  );
}
