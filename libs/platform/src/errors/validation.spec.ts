import { IsIn, Max } from 'class-validator';
import { AppException } from './app.exception';
import { createValidationPipe } from './validation';

class Shaped {
  @IsIn(['observed', 'take_home'])
  kind!: string;

  @Max(500)
  doseMg!: number;
}

async function refusal(value: unknown): Promise<AppException> {
  try {
    await createValidationPipe().transform(value, { type: 'body', metatype: Shaped });
  } catch (error) {
    return error as AppException;
  }
  throw new Error('the body was let through');
}

describe('the validation pipe', () => {
  it('refuses a JSON array where an object is expected with 400 field errors, never a fault', async () => {
    for (const value of [[], [1], [{ kind: 'observed' }]]) {
      const error = await refusal(value);
      expect(error).toBeInstanceOf(AppException);
      expect(error.status).toBe(400);
      expect(error.errors?.length).toBeGreaterThan(0);
    }
  });

  it('names the limits of a refused value when the body is an object', async () => {
    const error = await refusal({ kind: 'other', doseMg: 600 });
    expect(error.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'kind', key: 'oneOf', limits: { values: ['observed', 'take_home'] } }),
        expect.objectContaining({ field: 'doseMg', key: 'tooLarge', limits: { max: 500 } }),
      ]),
    );
  });
});
