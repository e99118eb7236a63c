import { errorForLog, redactUrl } from './redaction';

describe('redactUrl', () => {
  it('hides the search query q and keeps the other parameters', () => {
    expect(redactUrl('/api/v1/clients?q=%E5%BC%A0%E4%BC%9F&status=active')).toBe('/api/v1/clients?q=%5BREDACTED%5D&status=active');
  });

  it('leaves URLs without q alone', () => {
    expect(redactUrl('/api/v1/clients?status=active')).toBe('/api/v1/clients?status=active');
    expect(redactUrl('/api/v1/clients')).toBe('/api/v1/clients');
  });
});

describe('errorForLog', () => {
  it('keeps neither the query, its parameters nor the message of a database error', () => {
    const error = Object.assign(new Error('invalid input syntax for type uuid: "13800138000"'), {
      query: 'SELECT * FROM client WHERE phone = $1',
      parameters: ['13800138000'],
      driverError: { code: '22P02', table: 'client' },
    });
    const logged = JSON.stringify(errorForLog(error));
    expect(logged).not.toContain('13800138000');
    expect(logged).toContain('22P02');
  });

  it('keeps the message and stack of other errors', () => {
    expect(errorForLog(new TypeError('boom'))).toMatchObject({ type: 'TypeError', message: 'boom' });
  });
});
