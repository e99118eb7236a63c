import { ClientAccess } from '@tongban/clients';
import { Clock } from '@tongban/platform';
import { DayContext, DosingRepository } from './dosing.repository';
import { DosingService } from './dosing.service';

class FixedClock extends Clock {
  constructor(private readonly at: Date) {
    super();
  }

  now(): Date {
    return this.at;
  }
}

/** Noon in Shanghai on 2026-11-28 (04:00 UTC). */
const NOON_IN_SHANGHAI = new Date('2026-11-28T04:00:00Z');

const access: ClientAccess = {
  client: { id: '00000000-0000-4000-8000-000000000001', clinicId: '00000000-0000-4000-8000-000000000002', status: 'active' },
  decision: { grounds: 'role', view: 'clinical' },
};

function contextOn(day: string): DayContext {
  return {
    timeZone: 'Asia/Shanghai',
    thresholds: { missedDosesAssess: 3, missedDosesRetitrate: 5, dropoutDays: 30 },
    day,
    episodeStart: '2026-11-01',
    latestEpisodeStart: '2026-11-01',
    registeredOn: '2026-11-01',
    lastCovered: '2026-11-27',
    covered: false,
    observed: [],
    order: null,
  };
}

/** The service with a repository that answers `answer(day)` and records the day each read asked for. */
function serviceAnswering(answer: (day: string | null) => DayContext | null): { service: DosingService; asked: Array<string | null> } {
  const asked: Array<string | null> = [];
  const repository = {
    dayContext: (_clientId: string, _clinicId: string, _now: Date, day: string | null) => {
      asked.push(day);
      return Promise.resolve(answer(day));
    },
  } as unknown as DosingRepository;
  const unused = undefined as never;
  const service = new DosingService(
    unused,
    repository,
    unused,
    unused,
    unused,
    unused,
    unused,
    unused,
    new FixedClock(NOON_IN_SHANGHAI),
    unused,
    unused,
    unused,
  );
  return { service, asked };
}

describe('DosingService.day', () => {
  it("takes the day PostgreSQL worked out when it is the clock's today in the clinic's time zone", async () => {
    const { service, asked } = serviceAnswering(() => contextOn('2026-11-28'));
    await expect(service.day(access)).resolves.toMatchObject({ day: '2026-11-28', today: '2026-11-28' });
    expect(asked).toEqual([null]);
  });

  it("reads the day again for the clock's today when PostgreSQL's time zone data disagree", async () => {
    const { service, asked } = serviceAnswering((day) => contextOn(day ?? '2026-11-27'));
    await expect(service.day(access)).resolves.toMatchObject({ day: '2026-11-28', today: '2026-11-28' });
    expect(asked).toEqual([null, '2026-11-28']);
  });

  it('reads a requested day as asked and still tells today', async () => {
    const { service, asked } = serviceAnswering((day) => contextOn(day!));
    await expect(service.day(access, '2026-11-21')).resolves.toMatchObject({ day: '2026-11-21', today: '2026-11-28' });
    expect(asked).toEqual(['2026-11-21']);
  });

  it('answers 404 when the clinic is gone', async () => {
    const { service } = serviceAnswering(() => null);
    await expect(service.day(access)).rejects.toMatchObject({ status: 404 });
  });
});
