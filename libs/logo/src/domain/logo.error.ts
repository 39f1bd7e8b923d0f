import { DomainError, ErrorKind } from '@escr/kernel';

/** Errors of the Logo context. ER-0100 is the code the router uses for every invalid request value. */
export class LogoError extends DomainError {
  private constructor(code: string, message: string, kind: ErrorKind) {
    super(code, message, kind);
  }

  static invalidEscn(value: string): LogoError {
    return new LogoError(
      'ER-0100',
      `escn: ${value} is not a European Student Card Number; expected a version-1 UUID whose last group is 12 digits`,
      'invalid',
    );
  }

  static invalidOption(parameter: string, value: string, allowed: string): LogoError {
    return new LogoError('ER-0100', `${parameter}: ${value} is not supported; use ${allowed} (any letter case)`, 'invalid');
  }

  static outOfRange(parameter: string, value: string, range: string): LogoError {
    return new LogoError('ER-0100', `${parameter}: ${value} is invalid; expected ${range}`, 'invalid');
  }

  static unknownFileType(fileName: string): LogoError {
    return new LogoError('ER-0100', `${fileName}: unknown file type; request {escn}.svg, {escn}.png or {escn}.pdf`, 'invalid');
  }

  static notAcceptable(accept: string, supported: readonly string[]): LogoError {
    return new LogoError(
      'ER-0406',
      `Accept: ${accept} matches no logo format; send one of ${supported.join(', ')}`,
      'not_acceptable',
    );
  }
}
