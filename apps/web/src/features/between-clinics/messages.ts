import { registerMessages } from '../../i18n/i18n';

/** The words of guest dosing and transfers on the client record (namespace `betweenClinics`). */
export const NS = 'betweenClinics';

registerMessages(NS, {
  en: {
    guestTitle: 'Guest dosing at another clinic',
    guestText:
      'For at most 30 days the other clinic’s nurses and physicians see the client at their dispensing window (identity, photo and this clinic’s order) and may dose them; nothing else of the record opens to them.',
    clinic: 'Clinic',
    chooseClinic: 'Choose a clinic',
    from: 'First day',
    until: 'Last day',
    agreed: 'The client agrees, and to that clinic seeing their identity, photo and order',
    arrange: 'Arrange guest dosing',
    arranged: 'Guest dosing at {{clinic}} from {{from}} to {{until}} is arranged.',
    arrangements: 'Arrangements',
    none: 'No arrangement.',
    days: '{{from}} – {{until}}',
    status: { upcoming: 'Upcoming', in_force: 'In force', over: 'Over', ended: 'Ended early' },
    end: 'End now',
    endNamed: 'End now: guest dosing at {{clinic}}',
    ended: 'Guest dosing at {{clinic}} is ended.',
    transferTitle: 'Transfer to another clinic',
    transferText:
      'Moves the client to the other clinic for good once its coordinator accepts: the episode here ends as transferred, and identity, photo, order and consents go with the client.',
    transferDate: 'Day of the move',
    transferAgreed: 'The client agrees to the transfer',
    propose: 'Propose the transfer',
    proposed: 'The transfer to {{clinic}} is proposed; it waits for that clinic’s coordinator.',
  },
  'zh-CN': {
    guestTitle: '异地服药',
    guestText:
      '最多 30 天内，对方门诊的护士和医生可在发药窗口看到该服务对象（身份、照片和本门诊医嘱）并为其服药；档案的其他内容不对其开放。',
    clinic: '门诊',
    chooseClinic: '请选择门诊',
    from: '开始日期',
    until: '结束日期',
    agreed: '服务对象同意，并同意该门诊查看其身份、照片和医嘱',
    arrange: '安排异地服药',
    arranged: '已安排在 {{clinic}} 异地服药，{{from}} 至 {{until}}。',
    arrangements: '安排记录',
    none: '暂无安排。',
    days: '{{from}} – {{until}}',
    status: { upcoming: '未开始', in_force: '进行中', over: '已结束', ended: '提前结束' },
    end: '立即结束',
    endNamed: '立即结束：在 {{clinic}} 的异地服药',
    ended: '在 {{clinic}} 的异地服药已结束。',
    transferTitle: '转诊到其他门诊',
    transferText: '对方门诊协调员接受后，服务对象永久转到该门诊：本门诊的治疗期以“转诊”结束，身份信息、照片、医嘱和同意随之转入。',
    transferDate: '转诊日期',
    transferAgreed: '服务对象同意转诊',
    propose: '提出转诊',
    proposed: '已提出转诊到 {{clinic}}，等待该门诊协调员处理。',
  },
});
