import { registerMessages } from '../../i18n/i18n';

/** The words of the staff member's own in-app notices (namespace `notifications`). */
export const NS = 'notifications';

registerMessages(NS, {
  en: {
    title: 'Notifications',
    intro: 'Notices the clinic’s reminders sent to you in the app, such as a client’s consent about to end. Newest first.',
    none: 'You have no notifications.',
    unread: 'Unread',
    read: 'Read {{time}}',
    openRecord: 'Open the record',
    markRead: 'Mark as read',
    markReadOf: 'Mark as read: {{time}}',
  },
  'zh-CN': {
    title: '通知',
    intro: '门诊提醒发给您的系统内消息，例如服务对象的同意即将到期。最新的在前。',
    none: '您没有通知。',
    unread: '未读',
    read: '{{time}} 已读',
    openRecord: '打开档案',
    markRead: '标为已读',
    markReadOf: '标为已读：{{time}}',
  },
});
