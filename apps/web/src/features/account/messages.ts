import { registerMessages } from '../../i18n/i18n';

/** The `account` namespace: the signed-in user's own account (password). */
registerMessages('account', {
  en: {
    password: {
      title: 'Change your password',
      current: 'Current password',
      new: 'New password',
      newHint: 'At least {{min}} characters, different from the current one.',
      confirm: 'New password again',
      tooShort: 'The new password must have at least {{min}} characters ({{count}} now).',
      same: 'The new password must differ from the current one.',
      mismatch: 'The two new passwords are not the same.',
      submit: 'Change password',
    },
    forced: {
      title: 'Choose your own password',
      explanation:
        'Your password was set by someone else. Before you can work in Tongban, choose a password only you know. Use the password you were given as the current password.',
      signOut: 'Sign out',
    },
  },
  'zh-CN': {
    password: {
      title: '修改密码',
      current: '当前密码',
      new: '新密码',
      newHint: '至少 {{min}} 个字符，且与当前密码不同。',
      confirm: '再次输入新密码',
      tooShort: '新密码至少需要 {{min}} 个字符（现在 {{count}} 个）。',
      same: '新密码不能与当前密码相同。',
      mismatch: '两次输入的新密码不一致。',
      submit: '修改密码',
    },
    forced: {
      title: '请设置您自己的密码',
      explanation: '您的密码是别人为您设置的。开始使用同伴之前，请设置一个只有您自己知道的密码。“当前密码”请填写别人给您的密码。',
      signOut: '退出登录',
    },
  },
});
