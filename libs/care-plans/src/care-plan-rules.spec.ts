import fc from 'fast-check';
import { addDays, daysBetween } from '@tongban/platform';
import { mayMoveReferral, nextReviewDue, referralFollowUpDue } from './care-plan-rules';
import { REFERRAL_STATUSES } from './entities/referral.entity';

const day = fc.integer({ min: 0, max: 3000 }).map((offset) => addDays('2024-01-01', offset));

describe('the next care-plan review', () => {
  it.each([
    ['no plan', null, 90, null],
    ['a plan without reviews: from its start', { startedOn: '2026-01-10', reviewDates: [] }, 90, '2026-04-10'],
    [
      'from the latest review, whatever the order',
      { startedOn: '2026-01-10', reviewDates: ['2026-03-01', '2026-02-01'] },
      90,
      '2026-05-30',
    ],
    ['with the clinic’s own interval', { startedOn: '2026-01-10', reviewDates: ['2026-01-20'] }, 30, '2026-02-19'],
    ['across a leap day', { startedOn: '2028-02-01', reviewDates: [] }, 30, '2028-03-02'],
  ])('%s', (_name, plan, days, expected) => {
    expect(nextReviewDue(plan, days)).toBe(expected);
  });

  it('is always the interval after the later of the start and every review', () => {
    fc.assert(
      fc.property(day, fc.array(day, { maxLength: 8 }), fc.integer({ min: 7, max: 365 }), (startedOn, reviewDates, days) => {
        const due = nextReviewDue({ startedOn, reviewDates }, days)!;
        for (const date of [startedOn, ...reviewDates]) expect(daysBetween(date, due)).toBeGreaterThanOrEqual(days);
        expect([startedOn, ...reviewDates].some((date) => daysBetween(date, due) === days)).toBe(true);
      }),
    );
  });
});

describe('referral follow-up', () => {
  it('is due 30 days after a referral still made, with no outcome', () => {
    expect(referralFollowUpDue({ date: '2026-03-01', status: 'made', hasOutcome: false })).toBe('2026-03-31');
    expect(referralFollowUpDue({ date: '2026-03-01', status: 'made', hasOutcome: true })).toBeNull();
    expect(referralFollowUpDue({ date: '2026-03-01', status: 'attended', hasOutcome: false })).toBeNull();
    expect(referralFollowUpDue({ date: '2026-03-01', status: 'closed', hasOutcome: false })).toBeNull();
  });
});

describe('referral status moves', () => {
  it('leaves made for any status, never comes back to made, and keeps closed final', () => {
    for (const to of REFERRAL_STATUSES) {
      expect(mayMoveReferral('made', to)).toBe(true);
      expect(mayMoveReferral('closed', to)).toBe(false);
    }
    expect(mayMoveReferral('attended', 'made')).toBe(false);
    expect(mayMoveReferral('not_attended', 'made')).toBe(false);
    expect(mayMoveReferral('attended', 'closed')).toBe(true);
    expect(mayMoveReferral('not_attended', 'attended')).toBe(true);
  });
});
