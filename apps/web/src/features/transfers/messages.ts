import { registerMessages } from '../../i18n/i18n';

/** The words of the transfers screen (namespace `transfers`). */
export const NS = 'transfers';

registerMessages(NS, {
  en: {
    intro:
      'Clients another clinic proposes to move here for good. Accepting registers the client at this clinic under a code of its own, with a new episode, their identity, photo, dose order and consents; counseling notes, family contacts and group history stay at the other clinic.',
    none: 'No transfer is waiting for a decision.',
    code: 'Code at the other clinic',
    from: 'From',
    date: 'Day of the move',
    actions: 'Decision',
    accept: 'Accept',
    decline: 'Decline',
    acceptNamed: 'Accept the transfer of {{code}}',
    declineNamed: 'Decline the transfer of {{code}}',
    accepted: '{{code}} is now a client of this clinic.',
    declined: 'The transfer of {{code}} is declined; the client stays at the other clinic.',
    openNew: 'Open the new record',
  },
  'zh-CN': {
    intro:
      '其他门诊提出转诊到本门诊的服务对象。接受后，服务对象以本门诊的新编号登记，开始新的治疗期，身份信息、照片、医嘱和同意随之转入；咨询记录、家属联系人和小组记录留在原门诊。',
    none: '没有待处理的转诊。',
    code: '原门诊编号',
    from: '转出门诊',
    date: '转诊日期',
    actions: '处理',
    accept: '接受',
    decline: '拒绝',
    acceptNamed: '接受 {{code}} 的转诊',
    declineNamed: '拒绝 {{code}} 的转诊',
    accepted: '{{code}} 已成为本门诊的服务对象。',
    declined: '已拒绝 {{code}} 的转诊，服务对象留在原门诊。',
    openNew: '打开新档案',
  },
});
