import { BadRequestException, NotFoundException } from '@nestjs/common';
import { PlatformErrorCode, PlatformException } from './app.exception';
import { toProblem } from './problem';

describe('toProblem', () => {
  it('turns a module exception into its status and code', () => {
    const { problem, unexpected } = toProblem(new PlatformException(PlatformErrorCode.RATE_LIMITED, 'Wait.'), 'r1');
    expect(problem).toEqual({
      type: 'urn:tongban:problem:rate-limited',
      title: 'Too Many Requests',
      status: 429,
      code: 'RATE_LIMITED',
      detail: 'Wait.',
      requestId: 'r1',
    });
    expect(unexpected).toBe(false);
  });

  it.each([
    ['57014', 503, 'UNAVAILABLE'],
    ['25P03', 503, 'UNAVAILABLE'],
    ['22P02', 400, 'VALIDATION_FAILED'],
    ['22008', 400, 'VALIDATION_FAILED'],
    ['22021', 400, 'VALIDATION_FAILED'],
  ])('maps PostgreSQL error %s to %i %s, as expected', (code, status, name) => {
    const { problem, unexpected } = toProblem(Object.assign(new Error('from the database'), { code }), 'r1');
    expect([problem.status, problem.code, unexpected]).toEqual([status, name, false]);
  });

  it('keeps other PostgreSQL errors unexpected (500)', () => {
    const { problem, unexpected } = toProblem(Object.assign(new Error('division by zero'), { code: '22012' }), 'r1');
    expect([problem.status, unexpected]).toEqual([500, true]);
  });

  it('maps body-parser errors to 413 and 400', () => {
    const tooLarge = Object.assign(new Error('request entity too large'), { type: 'entity.too.large', status: 413 });
    expect(toProblem(tooLarge, 'r').problem).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    const malformed = Object.assign(new SyntaxError('Unexpected token'), { type: 'entity.parse.failed', status: 400 });
    expect(toProblem(malformed, 'r').problem).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('maps framework HTTP exceptions by status', () => {
    expect(toProblem(new NotFoundException(), 'r').problem).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(toProblem(new BadRequestException(), 'r').problem).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('answers 503 when the database is unreachable', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(toProblem(refused, 'r').problem).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
  });

  it('hides everything about an unknown error behind a bare 500', () => {
    const { problem, unexpected } = toProblem(new TypeError('secret internals'), 'r');
    expect(problem).toEqual({
      type: 'urn:tongban:problem:internal-error',
      title: 'Internal Server Error',
      status: 500,
      code: 'INTERNAL_ERROR',
      requestId: 'r',
    });
    expect(unexpected).toBe(true);
  });
});
