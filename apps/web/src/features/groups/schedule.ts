import type { TFunction } from 'i18next';
import type { PeerGroup } from './groups-api';

/** "Every Tuesday at 19:30", or what is known of it. */
export function scheduleOf(group: PeerGroup, t: TFunction<'groups'>): string {
  if (!group.meetingDay) return group.meetingTime ? t('meetings.at', { time: group.meetingTime }) : t('schedule.none');
  const day = t(`day.${group.meetingDay}`);
  return group.meetingTime ? t('schedule.weeklyAt', { day, time: group.meetingTime }) : t('schedule.weekly', { day });
}
