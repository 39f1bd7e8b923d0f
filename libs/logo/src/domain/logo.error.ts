import { DomainError, ErrorKind } from '@escr/kernel';

/** Characters of a rejected value that a message repeats, so a huge parameter cannot bloat the error body. */
const MAX_ECHOED_LENGTH = 80;

function echo(value: string): string {
  return value.length > MAX_ECHOED_LENGTH ? `${value.slice(0, MAX_ECHOED_LENGTH)}…` : value;
}

/** Errors of the Logo context. ER-0100 is the router's code for an invalid request value, as in RequestError. */
export class LogoError extends DomainError {
  private constructor(code: string, message: string, kind: ErrorKind) {
    super(code, message, kind);
  }

  static invalidEscn(value: string): LogoError {
    return new LogoError(
      'ER-0100',
      `escn: ${echo(value)} is not a European Student Card Number; expected a version-1 UUID whose last group is 12 digits`,
      'invalid',
    );
  }

  static invalidOption(parameter: string, value: string, allowed: string): LogoError {
    return new LogoError('ER-0100', `${parameter}: ${echo(value)} is not supported; use ${allowed} (any letter case)`, 'invalid');
  }

  static repeatedParameter(parameter: string): LogoError {
    return new LogoError('ER-0100', `${parameter}: the parameter is given more than once; send it once`, 'invalid');
  }

  static outOfRange(parameter: string, value: string, range: string): LogoError {
    return new LogoError('ER-0100', `${parameter}: ${echo(value)} is invalid; expected ${range}`, 'invalid');
  }

  static unknownFileType(fileName: string): LogoError {
    return new LogoError(
      'ER-0100',
      `${echo(fileName)}: unknown file type; request {escn}.svg, {escn}.png or {escn}.pdf`,
      'invalid',
    );
  }

  static notAcceptable(accept: string, supported: readonly string[]): LogoError {
    return new LogoError(
      'ER-0406',
      `Accept: ${echo(accept)} matches no logo format; send one of ${supported.join(', ')}`,
      'not_acceptable',
    );
  }
}
